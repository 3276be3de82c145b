// Texts for the DNS checks of stage 4 (dns.canonical-host lives with the TLS texts).
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the dns.* checks, by check id. */
export const DNS_TEXTS = {
  'dns.resolves': {
    name: 'Every declared name resolves',
    purpose:
      'The apex, www and each subdomain the portal relies on must answer in DNS, or those users get nothing at all.',
    outcomes: {
      resolves: {
        status: 'pass',
        title: 'Name resolves',
        summary: '{subject} resolves to {addresses}{via}.',
        remediation: 'Nothing to do.',
      },
      nxdomain: {
        status: 'fail',
        severity: 'high',
        title: 'Name does not exist',
        summary: '{subject} does not exist in DNS (NXDOMAIN{where}).',
        remediation:
          'Create the record at the DNS host, or remove the name from the engagement if it is no longer used.',
      },
      nodata: {
        status: 'fail',
        severity: 'high',
        title: 'Name has no address',
        summary: '{subject} exists but has no A or AAAA record{where}.',
        remediation: 'Add the A/AAAA (or CNAME) record that points the name at the service.',
      },
      servfail: {
        status: 'fail',
        severity: 'high',
        title: 'DNS fails for this name',
        summary:
          'Resolving {subject} fails with {rcode}{where}; resolvers give users an error instead of an address.',
        remediation:
          'Check the delegation and DNSSEC of the zone at the registrar and the DNS host; every nameserver must answer for it.',
      },
    },
  },
  'dns.dangling': {
    name: 'No dangling CNAME',
    purpose:
      'A CNAME pointing at a deleted cloud resource lets anyone who claims that resource serve pages, set cookies or phish on your name.',
    outcomes: {
      clean: {
        status: 'pass',
        title: 'CNAME leads somewhere live',
        summary: '{subject} → {chain} resolves to {addresses}.',
        remediation: 'Nothing to do.',
      },
      'dangling-nxdomain': {
        status: 'fail',
        severity: 'critical',
        title: 'CNAME points at a name that does not exist',
        summary:
          '{subject} → {chain} ends in NXDOMAIN{provider}; whoever registers that name takes over {subject}.',
        remediation:
          'Delete the CNAME for {subject} at the DNS host today, or re-create the resource it points to under your own account.',
      },
      'unclaimed-provider': {
        status: 'fail',
        severity: 'critical',
        title: 'CNAME points at an unclaimed {provider} resource',
        summary:
          '{subject} → {chain} and {provider} answers "{fingerprint}" for it: the resource is gone and can be claimed ({takeover}).',
        remediation:
          'Delete the CNAME for {subject}, or claim the resource at {provider} again under your account before someone else does.',
      },
    },
  },
  'dns.stale': {
    name: 'No stale address records',
    purpose:
      "A record that points at an address nobody serves any more is a leftover: at best an error page, at worst someone else's server.",
    outcomes: {
      answers: {
        status: 'pass',
        title: 'Address answers',
        summary: '{subject} → {addresses} answers on {ports}.',
        remediation: 'Nothing to do.',
      },
      unreachable: {
        status: 'fail',
        severity: 'medium',
        title: 'Address does not answer on 80 or 443',
        summary: '{subject} points at {dead}, which answers on neither port 80 nor 443 ({why}).',
        remediation: 'Remove the record if the server is gone, or point it at the current origin.',
      },
    },
  },
  'dns.ns-consistency': {
    name: 'Nameservers agree',
    purpose:
      'When one nameserver serves an old copy of the zone, some users get the old answers: changes seem to work and then do not.',
    outcomes: {
      consistent: {
        status: 'pass',
        title: 'Nameservers agree',
        summary: '{count} nameservers ({nameservers}) give the same answers, serial {serial}.',
        remediation: 'Nothing to do.',
      },
      'single-nameserver': {
        status: 'warn',
        severity: 'low',
        title: 'Only one nameserver',
        summary:
          '{subject} is served by one nameserver ({nameservers}); if it fails the whole portal disappears.',
        remediation: 'Use at least two nameservers on separate networks (most DNS hosts provide them).',
      },
      'serial-mismatch': {
        status: 'fail',
        severity: 'medium',
        title: 'Nameservers serve different versions of the zone',
        summary: 'SOA serials differ: {serials}.',
        remediation:
          'Find out why the lagging nameserver stopped updating (zone transfer, NOTIFY, provider sync) and fix it, then compare again.',
      },
      'answers-differ': {
        status: 'fail',
        severity: 'medium',
        title: 'Nameservers give different answers',
        summary: 'The nameservers disagree on {differences}.',
        remediation:
          'Bring every nameserver to the same zone data; remove a nameserver from the delegation if it is no longer managed.',
      },
      unreachable: {
        status: 'fail',
        severity: 'medium',
        title: 'A nameserver does not answer',
        summary: '{down} did not answer ({why}); resolvers that ask it wait and retry.',
        remediation: 'Repair or remove the unreachable nameserver from the delegation at the registrar.',
      },
    },
  },
  'dns.caa': {
    name: 'CAA record present',
    purpose:
      'CAA names the certificate authorities allowed to issue for the domain, so a mis-issued certificate is refused at the source.',
    outcomes: {
      present: {
        status: 'pass',
        title: 'CAA limits certificate issuers',
        summary: '{subject} allows {issuers}{iodef}.',
        remediation: 'Nothing to do; update the record when you change CA.',
      },
      missing: {
        status: 'fail',
        severity: 'low',
        title: 'No CAA record',
        summary: '{subject} has no CAA record, so any public CA may issue certificates for it.',
        remediation:
          'Publish CAA records for the CA you use, e.g. `0 issue "letsencrypt.org"` and `0 iodef "mailto:security@{subject}"`.',
      },
      invalid: {
        status: 'fail',
        severity: 'low',
        title: 'CAA record cannot be used',
        summary:
          '{subject} publishes CAA that CAs must treat as forbidding issuance or cannot parse: {problem}.',
        remediation:
          'Correct the CAA records (tags issue, issuewild, iodef; flag 128 only for tags every CA understands).',
      },
    },
  },
} as const satisfies Record<string, CheckText>
