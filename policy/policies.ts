/**
 * The policies of the `imagebuilder-distribution` pack, apart from the `PolicyPack` that serves them
 * (`index.ts`), so that tests import them without starting a server.
 *
 * One resource policy per rule of the library that checks one configuration, named by the rule's code:
 * Pulumi's own policy config then makes any rule advisory or disables it (`{ "<code>": "advisory" }`),
 * and Pulumi Cloud lists each with its description. Problems (what AWS would reject) are mandatory by
 * default, warnings (valid but risky) advisory. The public-AMI rule takes `allowPublicAmis` in its config.
 * The library's rule that compares configurations with each other (`acrossConfigurations`: two names
 * that normalize alike in one account and region) is one stack policy, named by its code.
 */
import {
    EnforcementLevel,
    PolicyPackArgs,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { RULES, RuleInfo, UNKNOWN, normalizedConfigurationName } from "pulumi-imagebuilder-distribution";
import { secretPathsOf } from "./internals";
import {
    AWS_NATIVE_TYPE,
    AWS_TYPE,
    CheckedResource,
    Provider,
    checkPlain,
    plainOf,
    providerOf,
    resourceLabel,
} from "./resources";

/** The pack's name, as `pulumi policy publish` and Pulumi Cloud show it. */
export const PACK_NAME = "imagebuilder-distribution";

/** A rule of the library as the pack serves it. */
export interface PackRule {
    /** The rule's code: the policy's name and its key in the pack's config. */
    code: string;
    /** What the rule checks, shown with every violation. */
    description: string;
    /** True for a warning (valid but risky): advisory by default. */
    warning: boolean;
}

/**
 * The rules the pack serves on each resource, one policy each: every rule of the library's registry that
 * checks one configuration. Rules about the component's own arguments (`unknown-argument`,
 * `override-type`, ...) never fire on a raw resource, whose arguments the pack builds, but are served all
 * the same, so that a finding always has its policy.
 */
export const PACK_RULES: readonly PackRule[] = RULES.filter((r) => !r.acrossConfigurations).map((r) => ({
    code: r.code,
    // The component's switch for public AMIs is this rule's config in the pack.
    description: r.description.replace("the component's allowPublicAmis", "allowPublicAmis (this rule's config)"),
    warning: r.severity === "warning",
}));

/**
 * Rules that, on a raw resource, can only fire on what the resource's provider has already accepted: the
 * pack sees the provider's checked inputs, so a member that the library's AWS model does not know
 * (`model-unknown-member`), or an S3 export on aws-native (`s3-export-aws-native`), comes from a provider
 * newer than that model, not from a request AWS rejects. Their policies are advisory: a newer provider
 * is not failed for the pack's older model (Pulumi's policy config can still make them mandatory).
 */
export const PROVIDER_CHECKED_RULES: readonly string[] = ["model-unknown-member", "s3-export-aws-native"];

/** The enforcement level a rule's policy has unless the policy config says otherwise. */
export function defaultEnforcementLevel(rule: PackRule): EnforcementLevel {
    return rule.warning || PROVIDER_CHECKED_RULES.includes(rule.code) ? "advisory" : "mandatory";
}

/** What the resource policies say of a resource of another type (Pulumi's policy summaries count it apart). */
const NOT_A_CONFIGURATION = `applies only to ${AWS_TYPE} and ${AWS_NATIVE_TYPE} resources`;

/**
 * The library's rule that compares configurations with each other: names that normalize alike in one
 * account and region. The pack checks it across the stack ({@link nameCollisionPolicy}); a second such
 * rule in the registry would need its own stack policy, so it fails here rather than go unchecked.
 */
function nameCollisionRule(): RuleInfo {
    const across = RULES.filter((r) => r.acrossConfigurations);
    if (across.length !== 1) {
        throw new Error(
            `the pack checks one rule across configurations (names that normalize alike); the library has ${across.map((r) => r.code).join(", ") || "none"}`,
        );
    }
    return across[0];
}

/** The code of the rule that rejects public AMIs (`userGroups: ["all"]`): it takes `allowPublicAmis`. */
export const PUBLIC_AMI_RULE = "public-ami-not-allowed";

/** The code of the stack rule, the library's `name-collision`: names that normalize alike in one account and region. */
export const NAME_COLLISION_RULE: string = nameCollisionRule().code;

/** The config of the public-AMI rule. */
export interface PublicAmiConfig {
    /** Allow `userGroups: ["all"]`, which makes an AMI public to every AWS account. Default false. */
    allowPublicAmis?: boolean;
}

/** Checked resources by what was checked: every policy checks the same resource once. */
const checked = new Map<string, CheckedResource>();
const MAX_CHECKED = 64;

function cacheKey(parts: unknown[]): string {
    return JSON.stringify(parts, (_k, v: unknown) => (v === UNKNOWN ? { "\u0000": "unknown" } : v));
}

/**
 * The known `region` of the provider that deploys a resource (explicit, or the default one, whose
 * properties hold the stack's `aws:region`), and whether it is secret; undefined when it has none.
 */
function providerRegionOf(p: ResourceValidationArgs["provider"]): { region: string; secret: boolean } | undefined {
    if (p === undefined) {
        return undefined;
    }
    const props = plainOf(p.props);
    const region = typeof props === "object" && props !== null ? (props as Record<string, unknown>).region : undefined;
    if (typeof region !== "string" || region === "") {
        return undefined;
    }
    return { region, secret: (secretPathsOf(p.props) ?? [""]).some((s) => s === "" || s === "region") };
}

/** {@link checkPlain}, once per resource, options and inputs. */
function checkOnce(provider: Provider, args: ResourceValidationArgs, allowPublicAmis: boolean): CheckedResource {
    const plain = plainOf(args.props);
    const secretPaths = secretPathsOf(args.props) ?? [""];
    // A secret region would be named in a problem's text: it is left out of the check.
    const home = providerRegionOf(args.provider);
    const providerRegion = home === undefined || home.secret ? undefined : home.region;
    const key = cacheKey([provider, args.urn, args.name, allowPublicAmis, providerRegion, secretPaths, plain]);
    let result = checked.get(key);
    if (result === undefined) {
        result = checkPlain(provider, args.name, plain, secretPaths, { allowPublicAmis, providerRegion });
        if (checked.size >= MAX_CHECKED) {
            checked.delete(checked.keys().next().value as string);
        }
        checked.set(key, result);
    }
    return result;
}

/** The resource policy of one rule: reports the findings with the rule's code. */
export function rulePolicy(rule: PackRule): ResourceValidationPolicy {
    const isPublic = rule.code === PUBLIC_AMI_RULE;
    return {
        name: rule.code,
        description: rule.description,
        enforcementLevel: defaultEnforcementLevel(rule),
        ...(isPublic
            ? {
                  configSchema: {
                      properties: {
                          allowPublicAmis: {
                              type: "boolean",
                              default: false,
                              description:
                                  'Allow launchPermission.userGroups ["all"] (launchPermissionConfiguration on aws-native), which makes the AMI public to every AWS account. Default false: a public AMI is a violation.',
                          },
                      },
                  },
              }
            : {}),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            const provider = providerOf(args.type);
            if (provider === undefined) {
                notApplicable(args, NOT_A_CONFIGURATION);
                return;
            }
            const allow = isPublic && args.getConfig<PublicAmiConfig>().allowPublicAmis === true;
            for (const f of checkOnce(provider, args, allow).findings) {
                if (f.code === rule.code) {
                    reportViolation(f.message);
                }
            }
        },
    };
}

/** The `arn:<partition>:imagebuilder:<region>:<account>:...` parts of an ARN, when it is one. */
function arnParts(arn: unknown): { region: string; account: string } | undefined {
    if (typeof arn !== "string") {
        return undefined;
    }
    const parts = arn.split(":");
    return parts.length >= 6 && parts[0] === "arn" && parts[3] !== "" && parts[4] !== ""
        ? { region: parts[3], account: parts[4] }
        : undefined;
}

/** A distribution configuration of the stack, as the stack policy compares it. */
interface StackConfiguration {
    resource: PolicyResource;
    provider: Provider;
    props: Record<string, unknown>;
    /** The provider that deploys it: resources of one provider share its account (and, unless set per resource, its region). */
    via: string;
    /** The parts of its ARN: known for a configuration that exists, unknown in preview for a new one. */
    arn: { region: string; account: string } | undefined;
}

/** The distribution configurations of a stack: existing ones (known ARN) first, then by URN, so that a new one is blamed. */
function stackConfigurations(resources: readonly PolicyResource[]): StackConfiguration[] {
    const out: StackConfiguration[] = [];
    for (const resource of resources) {
        const provider = providerOf(resource.type);
        if (provider === undefined) {
            continue;
        }
        const plain = plainOf(resource.props);
        const props = typeof plain === "object" && plain !== null ? (plain as Record<string, unknown>) : {};
        const via = `provider ${resource.provider?.urn ?? `default ${provider}`}`;
        out.push({ resource, provider, props, via, arn: arnParts(props.arn) });
    }
    const order = (c: StackConfiguration) => (c.arn !== undefined ? 0 : 1);
    return out.sort(
        (a, b) =>
            order(a) - order(b) || (a.resource.urn < b.resource.urn ? -1 : a.resource.urn > b.resource.urn ? 1 : 0),
    );
}

/** The resource's own `region` input (`@pulumi/aws` only): unknown in preview, or absent, it may be anything. */
function ownRegionOf(c: StackConfiguration): unknown {
    return c.provider === "aws" ? c.props.region : undefined;
}

/** The home region of a configuration as its own inputs or its provider tell; undefined when neither does. */
function declaredRegionOf(c: StackConfiguration): string | undefined {
    const own = ownRegionOf(c);
    if (typeof own === "string" && own !== "") {
        return own;
    }
    // Only compared, never shown: a secret region counts too.
    const providerRegion = providerRegionOf(c.resource.provider)?.region;
    return typeof providerRegion === "string" && providerRegion !== "" ? providerRegion : undefined;
}

/**
 * What the configurations that exist tell of their providers: the account (any resource of a provider is
 * in its account) and, for those that take their region from the provider, the region. A new
 * configuration, whose ARN is unknown in preview, is then compared with the existing ones of its provider.
 */
function learnedFromArns(configurations: readonly StackConfiguration[]): {
    accounts: Map<string, string>;
    regions: Map<string, string>;
} {
    const accounts = new Map<string, string>();
    const regions = new Map<string, string>();
    for (const c of configurations) {
        if (c.arn === undefined) {
            continue;
        }
        accounts.set(c.via, c.arn.account);
        const ownRegion = ownRegionOf(c);
        if (ownRegion === undefined || ownRegion === null || ownRegion === "") {
            regions.set(c.via, c.arn.region);
        }
    }
    return { accounts, regions };
}

/**
 * Where a configuration lives, as far as the stack tells: the account and the home region, each a
 * known value or, when it is not known, the provider that deploys it (resources of one provider share
 * its account and region). Undefined when it may be anywhere.
 */
function locationOf(c: StackConfiguration, learned: ReturnType<typeof learnedFromArns>): string | undefined {
    if (ownRegionOf(c) === UNKNOWN) {
        // The resource's own region, unknown in preview: it may be any region, so it is compared with none.
        return undefined;
    }
    const account = c.arn?.account ?? learned.accounts.get(c.via) ?? c.via;
    const region = declaredRegionOf(c) ?? c.arn?.region ?? learned.regions.get(c.via) ?? c.via;
    return JSON.stringify([account, region]);
}

/** Says that a policy has nothing to check, where the installed `@pulumi/policy` can say it (1.20 and later). */
function notApplicable(args: object, reason: string): void {
    // Typed loosely: the arguments of an older @pulumi/policy have no such member at all.
    const say = (args as { notApplicable?: (reason?: string) => never }).notApplicable;
    if (typeof say === "function") {
        say.call(args, reason);
    }
}

/** The stack policy: two configurations whose names normalize alike in one account and region. */
export function nameCollisionPolicy(): StackValidationPolicy {
    const rule = nameCollisionRule();
    return {
        name: rule.code,
        description: rule.description,
        enforcementLevel: rule.severity === "warning" ? "advisory" : "mandatory",
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const configurations = stackConfigurations(args.resources);
            if (configurations.length === 0) {
                notApplicable(args, `the stack has no ${AWS_TYPE} or ${AWS_NATIVE_TYPE} resource`);
                return;
            }
            const learned = learnedFromArns(configurations);
            const first = new Map<string, { label: string; name: string; secret: boolean }>();
            for (const c of configurations) {
                const name = c.props.name;
                if (typeof name !== "string" || name === "") {
                    // Unknown in preview, or missing (reported by the resource rules).
                    continue;
                }
                const secrets = secretPathsOf(c.resource.props) ?? [""];
                const secret = secrets.some((p) => p === "" || p === "name");
                const label = resourceLabel(c.provider, c.resource.name);
                const location = locationOf(c, learned);
                if (location === undefined) {
                    continue;
                }
                const key = JSON.stringify([location, normalizedConfigurationName(name)]);
                const earlier = first.get(key);
                if (earlier === undefined) {
                    first.set(key, { label, name, secret });
                    continue;
                }
                // Neither name is shown next to a secret one: being alike, either would tell the secret.
                const shown = (n: string, s: boolean) => (s ? "[secret]" : JSON.stringify(n));
                const normalized =
                    secret || earlier.secret ? "" : ` (both ${JSON.stringify(normalizedConfigurationName(name))})`;
                reportViolation(
                    `${label}: name: got ${shown(name, secret || earlier.secret)}; it normalizes like the name ${shown(earlier.name, earlier.secret || secret)} of ${earlier.label}${normalized} in the same account and region, so Image Builder derives the same ARN and the second configuration fails (rule ${rule.code}). Fix: give one of them a name that differs in more than case, spaces and underscores.`,
                    c.resource.urn,
                );
            }
        },
    };
}

/** Every policy of the pack: one per rule of one configuration, then the stack rule. */
export function packPolicies(
    rules: readonly PackRule[] = PACK_RULES,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
    return [...rules.map(rulePolicy), nameCollisionPolicy()];
}

/** The enforcement level of the pack as a whole: each policy sets its own. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** The arguments of the `PolicyPack`. */
export function packArgs(): PolicyPackArgs {
    return { policies: packPolicies(), enforcementLevel: PACK_ENFORCEMENT_LEVEL };
}
