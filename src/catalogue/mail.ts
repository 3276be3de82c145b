// Texts for the mail checks of stage 4: MX, SPF, DKIM, DMARC, MTA-STS and TLS-RPT.
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the mail.* checks, by check id. */
export const MAIL_TEXTS = {
  'mail.mx': {
    name: 'Mail domain receives mail',
    purpose:
      "Replies, bounces and abuse reports about the portal's messages go to the mail domain; without working MX hosts they are lost.",
    outcomes: {
      present: {
        status: 'pass',
        title: 'MX hosts have addresses',
        summary: '{subject} receives mail at {hosts}, and every one of them resolves.',
        remediation: 'Nothing to do.',
      },
      missing: {
        status: 'fail',
        severity: 'medium',
        title: 'No MX record',
        summary:
          "{subject} {why}. Senders then fall back to the domain's own address, which usually runs a web server rather than a mail server, so replies to the portal's messages go nowhere.",
        remediation:
          "Publish MX records for {subject} that name your mail provider's hosts, as the provider's setup page lists them.",
      },
      'null-mx': {
        status: 'fail',
        severity: 'medium',
        title: 'Domain declares that it takes no mail',
        summary:
          '{subject} publishes a null MX ("0 ."){alongside}. It tells every sender that the domain accepts no mail, so each reply to the portal\'s messages bounces.',
        remediation:
          "Replace the null MX with your mail provider's MX hosts if people should be able to answer the portal's mail; keep a null MX only on a domain that never receives mail, and then send from another one.",
      },
      'mx-unresolvable': {
        status: 'fail',
        severity: 'medium',
        title: 'MX host without an address',
        summary:
          'Of the {total} MX hosts of {subject}, these have no A or AAAA record: {hosts}. Senders that pick such a host cannot deliver, so mail is delayed, retried elsewhere or bounced.',
        remediation: 'Give {hosts} an address again, or delete its MX record if the host has been retired.',
      },
    },
  },
  'mail.spf': {
    name: "SPF lists the portal's senders",
    purpose:
      "SPF tells receivers which servers may send as a domain. A broken or permissive policy lets anyone send as the portal and pushes the portal's own mail into spam.",
    outcomes: {
      strict: {
        status: 'pass',
        title: 'SPF policy is strict',
        summary:
          '{subject} publishes one SPF policy that ends in {all} and costs {lookups} of the 10 DNS lookups receivers allow{senders}.',
        remediation: 'Nothing to do. Keep the lookup count in mind when you add another mail provider.',
      },
      'softfail-all': {
        status: 'warn',
        severity: 'medium',
        title: 'SPF only soft-fails unknown senders',
        summary:
          '{subject} ends its SPF policy {ending}{where}: mail from servers it does not list is only marked as suspicious, and most receivers still deliver it.{also}',
        remediation:
          'When the DMARC reports show every legitimate sender passing, change {all} to -all so receivers refuse the rest.',
      },
      missing: {
        status: 'fail',
        severity: 'high',
        title: 'No SPF record',
        summary:
          "{subject} publishes no SPF record, so receivers cannot tell the portal's servers from anyone else's and any server may send as {subject}.{also}",
        remediation:
          'Publish one TXT record at {subject} such as "v=spf1 ip4:<your sending address> include:<your provider> -all".',
      },
      'multiple-records': {
        status: 'fail',
        severity: 'high',
        title: 'Several SPF records',
        summary:
          '{subject} publishes {count} SPF records. Receivers cannot choose between them and treat the policy as broken (permerror), so SPF fails for every message.{also}',
        remediation:
          'Merge the records into one "v=spf1 … -all" TXT record at {subject}, keeping every mechanism you still need, and delete the others.',
      },
      'syntax-error': {
        status: 'fail',
        severity: 'high',
        title: 'SPF record has a syntax error',
        summary:
          "The SPF policy of {subject} cannot be read: {problem}. Receivers treat it as broken (permerror), so the portal's mail fails SPF.{also}",
        remediation:
          'Correct the term named above in the TXT record; each term is separated by a single space.',
      },
      'broken-include': {
        status: 'fail',
        severity: 'high',
        title: 'SPF include leads nowhere',
        summary:
          'An include or redirect in the SPF policy of {subject} cannot be followed: {problem}. Receivers treat the whole policy as broken (permerror).{also}',
        remediation:
          'Remove the include of the provider you no longer use, or correct its name to the one the provider documents.',
      },
      'too-many-lookups': {
        status: 'fail',
        severity: 'high',
        title: 'SPF needs more than 10 DNS lookups',
        summary:
          "The SPF policy of {subject} needs {count} DNS lookups; receivers stop at 10 and treat the policy as broken (permerror), so the portal's mail fails SPF. {path}{also}",
        remediation:
          'Remove includes of providers you no longer use, replace includes that only list a few fixed addresses with ip4:/ip6: terms, or move a provider to its own subdomain (for example news.{subject}) with its own SPF record.',
      },
      'too-many-void-lookups': {
        status: 'fail',
        severity: 'high',
        title: 'SPF looks up names that do not exist',
        summary:
          'The SPF policy of {subject} makes {count} lookups that find nothing ({terms}); receivers allow 2 and then treat the policy as broken (permerror).{also}',
        remediation: 'Delete the terms that name hosts or domains which no longer exist.',
      },
      'all-pass': {
        status: 'fail',
        severity: 'high',
        title: 'SPF allows every server on the internet',
        summary:
          '{subject} ends its SPF policy {ending}{where}, so any server passes SPF for {subject}; a receiver checking SPF alone accepts forged mail as genuine.{also}',
        remediation:
          'List the servers that really send for {subject} and end the record with -all (or ~all while you are still checking the reports).',
      },
      'neutral-all': {
        status: 'fail',
        severity: 'high',
        title: 'SPF says nothing about unknown senders',
        summary:
          '{subject} ends its SPF policy {ending}{where}: mail from any server it does not list gets a neutral verdict, which protects nothing.{also}',
        remediation:
          'End the record with -all once every legitimate sender is listed (~all while you verify).',
      },
      'sender-not-authorized': {
        status: 'fail',
        severity: 'high',
        title: 'A portal sender is not in SPF',
        summary:
          '{sender} is a declared sender of the portal but does not pass SPF for {subject} (check_host gives {result}{why}), so its messages fail SPF and land in spam or are refused.{also}',
        remediation:
          'Add the sender to the SPF record of {subject} (ip4:/ip6:, or the include of its provider), or remove it from mail.senders if it no longer sends.',
      },
      ptr: {
        status: 'warn',
        severity: 'medium',
        title: 'SPF relies on reverse DNS (ptr)',
        summary:
          'The SPF policy of {subject} still works, but {problem}. Each check costs receivers a reverse lookup and an address lookup per name found, the answer comes from whoever runs the sending address, and receivers that skip ptr fail the mail it was meant to cover.{also}',
        remediation:
          'Replace ptr (and any %{p} macro) with the ip4:/ip6: ranges, or the a:/mx: host names, of the servers it was meant to cover.',
      },
      'record-too-large': {
        status: 'warn',
        severity: 'medium',
        title: 'SPF answer too large for one UDP packet',
        summary:
          'The SPF policy of {subject} evaluates, but {problem}. Receivers whose DNS path cannot fall back to TCP see no answer at all, and SPF then fails with a temporary error or is skipped.{also}',
        remediation:
          'Shorten the record: merge ip4:/ip6: ranges into wider prefixes, remove senders you no longer use, move a provider to its own subdomain, and delete TXT records at that name that nothing reads any more.',
      },
      'sender-macros': {
        status: 'warn',
        severity: 'low',
        title: 'SPF builds names from each sender',
        summary:
          'The SPF policy of {subject} evaluates, but {problem}: every new sender address is a new DNS question, so each message costs receivers lookups and the result cannot be reused.{also}',
        remediation:
          'Unless the per-sender lookup is the point (a per-user policy service), list the sending servers with ip4:/ip6:, a: or include: instead.',
      },
      'modifier-order': {
        status: 'warn',
        severity: 'low',
        title: 'SPF modifiers out of place',
        summary:
          'The SPF policy of {subject} evaluates, but {problem}. Receivers still apply it the same way; people reading the record are misled about what is evaluated when.{also}',
        remediation:
          'Rewrite the record with every mechanism first, then exp= if you use it, and redirect= as the very last term.',
      },
    },
  },
  'mail.dkim': {
    name: "DKIM keys sign the portal's mail",
    purpose:
      'DKIM lets receivers verify that a message really comes from the domain and was not changed on the way; DMARC relies on it when mail is forwarded.',
    outcomes: {
      valid: {
        status: 'pass',
        title: 'DKIM key is strong',
        summary: 'Selector {selector} publishes a usable {size} key at {subject}.',
        remediation: 'Nothing to do. Rotate the key once a year by publishing a new selector first.',
      },
      'weak-key': {
        status: 'warn',
        severity: 'medium',
        title: 'DKIM key under 2048 bits',
        summary:
          'Selector {selector} publishes a {bits}-bit RSA key at {subject}. Verifiers still accept it, but keys this short are within reach of a well-funded attacker and some receivers score them down.',
        remediation:
          'Create a 2048-bit key (or Ed25519 alongside RSA) under a new selector, switch the signer to it, then revoke {selector} by publishing it with an empty p=.',
      },
      'too-small': {
        status: 'fail',
        severity: 'high',
        title: 'DKIM key too small to count',
        summary:
          'Selector {selector} publishes a {bits}-bit RSA key at {subject}; verifiers ignore keys under 1024 bits (RFC 8301), so signatures made with it count as no signature.',
        remediation:
          'Create a 2048-bit key under a new selector, switch the signer to it, and remove or revoke {selector}.',
      },
      revoked: {
        status: 'fail',
        severity: 'high',
        title: 'DKIM key revoked',
        summary:
          'Selector {selector} is published with an empty key (p=) at {subject}: the key is revoked, so every message still signed with it fails DKIM.',
        remediation:
          'If something still signs with {selector}, switch it to a live selector; otherwise remove {selector} from mail.dkimSelectors.',
      },
      testing: {
        status: 'fail',
        severity: 'high',
        title: 'DKIM key in testing mode',
        summary:
          'Selector {selector} publishes a {size} key at {subject} flagged t=y (testing): verifiers are told to treat a failed signature like an unsigned message, so forged mail loses nothing.',
        remediation: 'Remove the t=y flag from the key record once signing works.',
      },
      broken: {
        status: 'fail',
        severity: 'high',
        title: 'DKIM key record cannot be used',
        summary:
          'The key record of selector {selector} at {subject} is unusable: {problem}. Messages signed with it fail DKIM.',
        remediation:
          'Publish the key record again exactly as the signer or provider gives it ("v=DKIM1; k=rsa; p=…"), in one TXT record, with the key in base64.',
      },
      'no-key': {
        status: 'fail',
        severity: 'high',
        title: 'No DKIM key at a declared selector',
        summary:
          'Selector {selector} is declared for the portal, but there is no key record at {subject}, so every message signed with it fails DKIM.',
        remediation:
          "Publish the selector's public key as a TXT (or the provider's CNAME) at {subject}, or remove the selector from mail.dkimSelectors if nothing signs with it.",
      },
      'none-found': {
        status: 'fail',
        severity: 'high',
        title: 'No DKIM key found',
        summary:
          "The engagement declares no DKIM selector and none of the {tried} selectors mail providers commonly use holds a key at {subject}, so the portal's mail is most likely unsigned.",
        remediation:
          "Turn on DKIM signing at the portal's mail provider, publish the key it gives you, and list the selector in mail.dkimSelectors.",
      },
    },
  },
  'mail.dmarc': {
    name: 'DMARC refuses forged mail',
    purpose:
      "DMARC tells receivers what to do with mail that claims to come from the domain but fails SPF and DKIM. Without enforcement, anyone can send invoices or password resets in the portal's name.",
    outcomes: {
      enforced: {
        status: 'pass',
        title: 'DMARC is enforced',
        summary: '{subject} is governed by p={policy} at {name}{via}, for all failing mail.',
        remediation: 'Nothing to do. Keep reading the aggregate reports for new senders.',
      },
      missing: {
        status: 'fail',
        severity: 'high',
        title: 'No DMARC record',
        summary:
          'There is no DMARC record at {where}, so receivers apply their own guesses to mail that forges {subject}, and nobody sends you reports about it.',
        remediation:
          'Publish "v=DMARC1; p=none; rua=mailto:<reports address>" at _dmarc.{subject}, read the reports for a few weeks, then move to p=quarantine and p=reject.',
      },
      invalid: {
        status: 'fail',
        severity: 'high',
        title: 'DMARC record is invalid',
        summary: 'The DMARC record at {name} cannot be used: {problem}.',
        remediation:
          'Rewrite the record as "v=DMARC1; p=reject; rua=mailto:<reports address>" with v=DMARC1 first and p= right after it.',
      },
      multiple: {
        status: 'fail',
        severity: 'high',
        title: 'Several DMARC records',
        summary:
          '{name} publishes {count} DMARC records; receivers then apply none of them, as if the domain had no DMARC at all.',
        remediation: 'Keep one DMARC record at {name} and delete the others.',
      },
      'p-none': {
        status: 'fail',
        severity: 'high',
        title: 'DMARC does not enforce anything',
        summary:
          "{subject} is governed by {tag}=none at {name}{via}: receivers deliver mail that fails DMARC as usual, so forged mail in the portal's name reaches inboxes.{also}",
        remediation:
          "Once the reports show the portal's own mail passing, set p=quarantine and then p=reject (and remove sp=none if present).",
      },
      'pct-partial': {
        status: 'warn',
        severity: 'medium',
        title: 'DMARC enforced for part of the mail',
        summary:
          '{subject} is governed by p={policy} at {name}{via}, but pct={pct} applies it to only {pct} % of failing messages; the rest is delivered.{also}',
        remediation:
          'Raise pct to 100, or remove the pct tag, once the reports show no legitimate mail failing.',
      },
      'sp-weaker': {
        status: 'warn',
        severity: 'medium',
        title: 'Subdomains are not protected',
        summary:
          'The DMARC record at {name} enforces p={p} for {subject} but sets sp=none, so mail forged from any subdomain of {subject} is delivered.{also}',
        remediation: 'Remove sp=none (subdomains then follow p=), or set sp=reject.',
      },
      'external-rua-unauthorized': {
        status: 'warn',
        severity: 'low',
        title: 'Report address has not agreed to take the reports',
        summary:
          '{subject} sends DMARC {tag} reports to {address}{more}, outside its own domain, but {host} does not publish {authorization}; receivers skip reports to it, so nobody sees them.{also}',
        remediation:
          'Ask the operator of {host} to publish "v=DMARC1" at {authorization}, or send the reports to an address in your own domain.',
      },
    },
  },
  'mail.mta-sts': {
    name: 'MTA-STS and TLS reporting',
    purpose:
      'MTA-STS makes other mail servers insist on an encrypted, authenticated connection when they deliver to the domain; TLS-RPT tells you when they cannot.',
    outcomes: {
      consistent: {
        status: 'pass',
        title: 'MTA-STS is enforced and reported',
        summary:
          '{subject} asks senders to require TLS for {hosts} (mode enforce, cached for {days} days), and TLS failures are reported to {rua}.',
        remediation:
          'Nothing to do. Change the id= of the _mta-sts record whenever you change the policy or the MX hosts.',
      },
      'testing-mode': {
        status: 'warn',
        severity: 'low',
        title: 'MTA-STS only in testing mode',
        summary:
          'The MTA-STS policy of {subject} is consistent but in testing mode: senders report TLS failures to {rua} and still deliver without encryption.',
        remediation:
          'When the TLS reports show no failures for a couple of weeks, set mode: enforce in the policy and change the id= of the _mta-sts record.',
      },
      missing: {
        status: 'fail',
        severity: 'low',
        title: 'No MTA-STS',
        summary:
          '{subject} publishes no MTA-STS record or policy ({tlsrpt}), so a network attacker can strip encryption from mail on its way to {subject}.',
        remediation:
          'Serve a policy (version: STSv1, mode: testing, mx: <each MX host>, max_age: 604800) at https://mta-sts.{subject}/.well-known/mta-sts.txt, publish "v=STSv1; id=<date>" at _mta-sts.{subject} and "v=TLSRPTv1; rua=mailto:<reports address>" at _smtp._tls.{subject}, then move to mode: enforce.',
      },
      inconsistent: {
        status: 'fail',
        severity: 'low',
        title: 'MTA-STS is set up but does not hold together',
        summary: 'MTA-STS for {subject} is published but {problem}{more}.',
        remediation:
          'Make the policy, the _mta-sts record, the MX hosts and the TLS-RPT record agree (see the problems in the evidence), then change the id= of the _mta-sts record so senders fetch the policy again.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
