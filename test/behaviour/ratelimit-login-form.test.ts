// Reading a sign-in page's form over HTTP for edge.rate-limit-login (auth.kind form): login pages in the shapes
// common frameworks render them (not the lab's), the form with the password field chosen among others, the body a
// browser would post, and hidden values blanked for evidence.
import { describe, expect, it } from 'vitest'
import { formBody, formsIn, hiddenValues, loginFormIn, withoutHiddenValues } from '../../src/auth/login-form'

const PAGE = 'https://portal.example.test/accounts/login/?next=/dashboard/'

// A Django-style page: a search form first, then the sign-in form with a relative action and its CSRF field.
const DJANGO = `<!doctype html><html><body>
<form action="/search" method="get"><input name="q" type="search"><button>Search</button></form>
<form method="post" action="">
  <input type="hidden" name="csrfmiddlewaretoken" value="dj4ng0-t0k3n-f0r-t3st1ng-&amp;-more">
  <p><label>Username <input type="text" name="username" autofocus id="id_username"></label></p>
  <p><label>Password <input type="password" name="password" id="id_password"></label></p>
  <input type="checkbox" name="remember" value="1"> <input type="checkbox" name="terms" value="yes" checked>
  <input type="hidden" name="next" value="/dashboard/">
  <button type="submit" name="action" value="login" class="primary">Sign in</button>
</form></body></html>`

// A Rails-style page: the token in a meta tag and in the form, the fields named user[…], an absolute action.
const RAILS = `<html><head><meta name="csrf-token" content="r41ls-m3t4-t0k3n-value=="></head><body>
<form class="new_user" action="https://portal.example.test/users/sign_in" accept-charset="UTF-8" method="POST">
<input type="hidden" name="authenticity_token" value="r41ls-f0rm-t0k3n" autocomplete="off">
<input autofocus="autofocus" type="email" value="" name="user[email]" id="user_email">
<input type="password" name="user[password]" id="user_password">
<input type="submit" name="commit" value="Log in"></form></body></html>`

describe('the sign-in form of a login page, read without a browser', () => {
  it('picks the form with the password field, resolves its action and posts what a browser would', () => {
    const found = loginFormIn(formsIn(DJANGO, PAGE), {
      username: '#id_username',
      password: '#id_password',
      submit: 'button.primary',
    })!
    expect(`${found.form.method} ${found.form.action}`).toBe(`POST ${PAGE}`)
    expect(`${found.username.name} ${found.password.name}`).toBe('username password')
    const body = formBody(
      found.form,
      { username: 'probe@example.test', password: 'wrong-1' },
      '[name=action]',
    )
    // The unchecked box is left out, the checked one and every hidden field go along, entities decoded.
    expect([...body]).toEqual([
      ['csrfmiddlewaretoken', 'dj4ng0-t0k3n-f0r-t3st1ng-&-more'],
      ['username', 'probe@example.test'],
      ['password', 'wrong-1'],
      ['terms', 'yes'],
      ['next', '/dashboard/'],
      ['action', 'login'],
    ])
    // Only the token is taught to the redactor: a path like /dashboard/ would blank it everywhere in the run.
    expect(hiddenValues(found.form)).toEqual(['dj4ng0-t0k3n-f0r-t3st1ng-&-more'])
  })

  it('finds the fields by type when the selectors say nothing it can match', () => {
    const found = loginFormIn(formsIn(RAILS, PAGE), {
      username: 'form.new_user input:first-of-type',
      password: 'input[type=password]',
      submit: 'input[type=submit]',
    })!
    expect(`${found.form.method} ${found.form.action}`).toBe('POST https://portal.example.test/users/sign_in')
    expect(`${found.username.name} ${found.password.name}`).toBe('user[email] user[password]')
    expect(
      formBody(found.form, { 'user[email]': 'a@b.test', 'user[password]': 'x' }).get('authenticity_token'),
    ).toBe('r41ls-f0rm-t0k3n')
  })

  it('has no sign-in form on a page that builds it with script', () => {
    expect(loginFormIn(formsIn('<div id="root"></div><script src="/app.js"></script>', PAGE))).toBeUndefined()
    expect(loginFormIn(formsIn('<form action="/search"><input name="q"></form>', PAGE))).toBeUndefined()
  })

  it('blanks hidden values and token meta tags for evidence, leaving the rest of the page', () => {
    const shown = withoutHiddenValues(RAILS + DJANGO)
    for (const secret of ['r41ls-m3t4-t0k3n-value==', 'r41ls-f0rm-t0k3n', 'dj4ng0-t0k3n-f0r-t3st1ng'])
      expect(shown).not.toContain(secret)
    expect(shown).toContain('name="authenticity_token" value="[hidden]"')
    expect(shown).toContain('<meta name="csrf-token" content="[hidden]">')
    expect(shown).toContain('name="user[email]"')
    expect(shown).toContain('value="Log in"')
  })
})
