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
import { CheckedResource, Provider, checkPlain, plainOf, providerOf, resourceLabel } from "./resources";

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
        enforcementLevel: rule.warning ? "advisory" : "mandatory",
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

/**
 * Where a configuration lives, as far as the stack tells: the account and the home region, each a
 * known value or, when it is not known, the provider that deploys it (resources of one provider share
 * its account and region).
 */
function locationOf(provider: Provider, plain: Record<string, unknown>, r: PolicyResource): string | undefined {
    if (provider === "aws" && plain.region === UNKNOWN) {
        // The resource's own region, unknown in preview: it may be any region, so it is compared with none.
        return undefined;
    }
    const arn = arnParts(plain.arn);
    const viaProvider = `provider ${r.provider?.urn ?? `default ${provider}`}`;
    // Only compared, never shown: a secret region counts too.
    const providerRegion = providerRegionOf(r.provider)?.region;
    const ownRegion = provider === "aws" ? plain.region : undefined;
    const region =
        typeof ownRegion === "string" && ownRegion !== ""
            ? ownRegion
            : typeof providerRegion === "string" && providerRegion !== ""
              ? providerRegion
              : (arn?.region ?? viaProvider);
    return JSON.stringify([arn?.account ?? viaProvider, region]);
}

/** The stack policy: two configurations whose names normalize alike in one account and region. */
export function nameCollisionPolicy(): StackValidationPolicy {
    const rule = nameCollisionRule();
    return {
        name: rule.code,
        description: rule.description,
        enforcementLevel: rule.severity === "warning" ? "advisory" : "mandatory",
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const first = new Map<string, { label: string; name: string; secret: boolean }>();
            for (const r of args.resources) {
                const provider = providerOf(r.type);
                if (provider === undefined) {
                    continue;
                }
                const plain = plainOf(r.props);
                const props = typeof plain === "object" && plain !== null ? (plain as Record<string, unknown>) : {};
                const name = props.name;
                if (typeof name !== "string" || name === "") {
                    // Unknown in preview, or missing (reported by the resource rules).
                    continue;
                }
                const secrets = secretPathsOf(r.props) ?? [""];
                const secret = secrets.some((p) => p === "" || p === "name");
                const label = resourceLabel(provider, r.name);
                const location = locationOf(provider, props, r);
                if (location === undefined) {
                    continue;
                }
                const key = JSON.stringify([location, normalizedConfigurationName(name)]);
                const earlier = first.get(key);
                if (earlier === undefined) {
                    first.set(key, { label, name, secret });
                    continue;
                }
                const shown = (n: string, s: boolean) => (s ? "[secret]" : JSON.stringify(n));
                const normalized =
                    secret || earlier.secret ? "" : ` (both ${JSON.stringify(normalizedConfigurationName(name))})`;
                reportViolation(
                    `${label}: name: got ${shown(name, secret)}; it normalizes like the name ${shown(earlier.name, earlier.secret || secret)} of ${earlier.label}${normalized} in the same account and region, so Image Builder derives the same ARN and the second configuration fails (rule ${rule.code}). Fix: give one of them a name that differs in more than case, spaces and underscores.`,
                    r.urn,
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
