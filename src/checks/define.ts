// defineCheck: a check whose outcomes and facts tsc holds against the catalogue (STYLE.md: let the compiler hold
// the catalogue). An outcome the catalogue does not list, or a finding without a fact its texts name (`{days}`),
// fails the build instead of a fixture at run time. After secretlint's typed rule messages.
import type { Texts } from '../catalogue/texts'
import type { CheckContext, CheckDefinition, Finding, ObservationSet } from './check'

/** A check id the catalogue has texts for. */
export type CheckId = keyof Texts & string

/** The outcome ids the catalogue lists for a check. */
export type OutcomeOf<Id extends CheckId> = keyof Texts[Id]['outcomes'] & string

/** The `{name}` placeholders of a template, as a union of names (an SPF macro such as `%{p}` is text, not one). */
export type Placeholders<S> = S extends `${infer Pre}{${infer K}}${infer Rest}`
  ? (Pre extends `${string}%` ? never : K) | Placeholders<Rest>
  : never

/** Placeholders the engine fills itself when it turns a finding into a result (catalogue.ts, toResult). */
type Supplied = 'subject' | 'family' | 'code'

type TextOf<Id extends CheckId, O extends OutcomeOf<Id>> = Texts[Id]['outcomes'][O]

/** The facts a finding with this outcome must carry: every placeholder of its title, summary and remediation. */
export type FactsOf<Id extends CheckId, O extends OutcomeOf<Id>> = Exclude<
  Placeholders<TextOf<Id, O>[keyof TextOf<Id, O> & ('title' | 'summary' | 'remediation')]>,
  Supplied
>

type FactValues = Record<string, string | number>

/** `facts` required with the named keys (more are allowed), or optional when the texts name none. */
type FactsField<N extends string> = [N] extends [never]
  ? { facts?: FactValues }
  : { facts: { [K in N]: string | number } & FactValues }

/** The outcomes every check may produce, with the facts their generic texts name (catalogue.ts, genericText). */
export type GenericFinding =
  | (Finding & { outcome: 'error'; facts: { reason: string | number } & FactValues })
  | (Finding & { outcome: 'not-configured'; facts: { reason: string | number } & FactValues })
  | (Finding & { outcome: 'no-consent' })

/** A finding of check `Id`: one of its outcomes `O` with the facts that outcome's texts name, or a generic one. */
export type FindingOf<Id extends CheckId, O extends OutcomeOf<Id> = OutcomeOf<Id>> =
  (O extends unknown ? Finding & { outcome: O } & FactsField<FactsOf<Id, O>> : never) | GenericFinding

/** A check module whose id, outcomes and findings are checked against the catalogue. */
export interface CheckSpec<Id extends CheckId, O extends OutcomeOf<Id>> extends Omit<
  CheckDefinition,
  'id' | 'outcomes' | 'evaluate'
> {
  id: Id
  /** The check's own outcome ids; each must be one the catalogue lists for the check. */
  outcomes: readonly O[]
  /** Pure: may be async only to replay recorded lookups (e.g. SPF over stored DNS answers). */
  evaluate(
    observations: ObservationSet,
    ctx: CheckContext,
  ): FindingOf<Id, NoInfer<O>>[] | Promise<FindingOf<Id, NoInfer<O>>[]>
}

/** Declares a check; tsc refuses an outcome the catalogue lacks and a finding missing a fact its texts name. */
export function defineCheck<const Id extends CheckId, const O extends OutcomeOf<Id>>(
  spec: CheckSpec<Id, O>,
): CheckDefinition {
  return spec
}

/** An outcome of check `Id` with the facts its texts name, less the `Later` ones a ranking adds (withFacts). */
export type OutcomeFacts<
  Id extends CheckId,
  Later extends string = never,
  O extends OutcomeOf<Id> = OutcomeOf<Id>,
> = O extends unknown ? { outcome: O } & FactsField<Exclude<FactsOf<Id, O>, Later>> : never

/** The same outcome with more facts, e.g. the `also` that names the problems ranked after the worst one. */
export function withFacts<P extends { facts?: FactValues }, K extends string>(
  problem: P,
  extra: Record<K, string | number>,
): P & { facts: Record<K, string | number> } {
  return { ...problem, facts: { ...problem.facts, ...extra } }
}
