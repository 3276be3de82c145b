// Every rule the engine knows, one file per provider (STYLE.md, after gitleaks).
import type { SecretRule } from '../rule'
import { AIRTABLE } from './airtable'
import { ALGOLIA } from './algolia'
import { AMQP } from './amqp'
import { ANTHROPIC } from './anthropic'
import { ATLASSIAN } from './atlassian'
import { AUTH0 } from './auth0'
import { AWS } from './aws'
import { AZURE } from './azure'
import { BASIC_AUTH } from './basic-auth'
import { BITBUCKET } from './bitbucket'
import { BREVO } from './brevo'
import { BUILDKITE } from './buildkite'
import { CIRCLECI } from './circleci'
import { CLERK } from './clerk'
import { CLOUDFLARE } from './cloudflare'
import { COHERE } from './cohere'
import { CONTENTFUL } from './contentful'
import { DATABRICKS } from './databricks'
import { DATADOG } from './datadog'
import { DIGITALOCEAN } from './digitalocean'
import { DISCORD } from './discord'
import { DOCKER } from './docker'
import { DOPPLER } from './doppler'
import { DROPBOX } from './dropbox'
import { ETHEREUM } from './ethereum'
import { FIGMA } from './figma'
import { FIREBASE } from './firebase'
import { FLYIO } from './flyio'
import { GCP } from './gcp'
import { GENERIC } from './generic'
import { GITHUB } from './github'
import { GITLAB } from './gitlab'
import { GRAFANA } from './grafana'
import { GROQ } from './groq'
import { HEROKU } from './heroku'
import { HTTP_AUTH } from './http-auth'
import { HUBSPOT } from './hubspot'
import { HUGGINGFACE } from './huggingface'
import { JWT } from './jwt'
import { LINEAR } from './linear'
import { MAILCHIMP } from './mailchimp'
import { MAILGUN } from './mailgun'
import { MAPBOX } from './mapbox'
import { MISTRAL } from './mistral'
import { MONGODB } from './mongodb'
import { MSSQL } from './mssql'
import { MYSQL } from './mysql'
import { NETLIFY } from './netlify'
import { NEWRELIC } from './newrelic'
import { NOTION } from './notion'
import { NPM } from './npm'
import { OKTA } from './okta'
import { ONEPASSWORD } from './onepassword'
import { OPENAI } from './openai'
import { PAYPAL } from './paypal'
import { PEM } from './pem'
import { PKCS12 } from './pkcs12'
import { PERPLEXITY } from './perplexity'
import { PLANETSCALE } from './planetscale'
import { POSTGRES } from './postgres'
import { POSTMAN } from './postman'
import { POSTMARK } from './postmark'
import { PULUMI } from './pulumi'
import { PYPI } from './pypi'
import { REDIS } from './redis'
import { RENDER } from './render'
import { REPLICATE } from './replicate'
import { RESEND } from './resend'
import { RUBYGEMS } from './rubygems'
import { SENDGRID } from './sendgrid'
import { SENTRY } from './sentry'
import { SHOPIFY } from './shopify'
import { SLACK } from './slack'
import { SQUARE } from './square'
import { STRIPE } from './stripe'
import { SUPABASE } from './supabase'
import { TAILSCALE } from './tailscale'
import { TEAMS } from './teams'
import { TELEGRAM } from './telegram'
import { TERRAFORM } from './terraform'
import { TWILIO } from './twilio'
import { VAULT } from './vault'
import { VERCEL } from './vercel'
import { XAI } from './xai'

/** All rules, in a stable order. */
export const RULES: readonly SecretRule[] = [
  ...AIRTABLE,
  ...ALGOLIA,
  ...AMQP,
  ...ANTHROPIC,
  ...ATLASSIAN,
  ...AUTH0,
  ...AWS,
  ...AZURE,
  ...BASIC_AUTH,
  ...BITBUCKET,
  ...BREVO,
  ...BUILDKITE,
  ...CIRCLECI,
  ...CLERK,
  ...CLOUDFLARE,
  ...COHERE,
  ...CONTENTFUL,
  ...DATABRICKS,
  ...DATADOG,
  ...DIGITALOCEAN,
  ...DISCORD,
  ...DOCKER,
  ...DOPPLER,
  ...DROPBOX,
  ...ETHEREUM,
  ...FIGMA,
  ...FIREBASE,
  ...FLYIO,
  ...GCP,
  ...GENERIC,
  ...GITHUB,
  ...GITLAB,
  ...GRAFANA,
  ...GROQ,
  ...HEROKU,
  ...HTTP_AUTH,
  ...HUBSPOT,
  ...HUGGINGFACE,
  ...JWT,
  ...LINEAR,
  ...MAILCHIMP,
  ...MAILGUN,
  ...MAPBOX,
  ...MISTRAL,
  ...MONGODB,
  ...MSSQL,
  ...MYSQL,
  ...NETLIFY,
  ...NEWRELIC,
  ...NOTION,
  ...NPM,
  ...OKTA,
  ...ONEPASSWORD,
  ...OPENAI,
  ...PAYPAL,
  ...PEM,
  ...PKCS12,
  ...PERPLEXITY,
  ...PLANETSCALE,
  ...POSTGRES,
  ...POSTMAN,
  ...POSTMARK,
  ...PULUMI,
  ...PYPI,
  ...REDIS,
  ...RENDER,
  ...REPLICATE,
  ...RESEND,
  ...RUBYGEMS,
  ...SENDGRID,
  ...SENTRY,
  ...SHOPIFY,
  ...SLACK,
  ...SQUARE,
  ...STRIPE,
  ...SUPABASE,
  ...TAILSCALE,
  ...TEAMS,
  ...TELEGRAM,
  ...TERRAFORM,
  ...TWILIO,
  ...VAULT,
  ...VERCEL,
  ...XAI,
]
