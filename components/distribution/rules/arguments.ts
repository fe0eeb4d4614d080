/**
 * The component's arguments: names, the arguments read while the program runs, the shape of `regions`,
 * `defaults`, `overrides` and `distributions`, and what each region's distribution needs at least.
 */
import { closest, isRegionCode } from "../regions";
import { Backend } from "../types";
import { UNKNOWN, isPlainObject, joinKey, joinMember } from "../values";
import { ConfigRule } from "./types";
import { regionIn, someOf } from "./util";

/** The arguments of the component, in the order of {@link MultiRegionDistributionArgs}: for the typo check and the order of problems. */
export const ARG_NAMES = [
    "name",
    "description",
    "tags",
    "regions",
    "defaults",
    "overrides",
    "distributions",
    "backend",
    "homeRegion",
    "allowPublicAmis",
] as const;

/** The arguments that hold lists or objects of settings, and what each must be. */
const CONTAINER_ARGS = [
    ["regions", "list"],
    ["distributions", "list"],
    ["defaults", "object"],
    ["overrides", "object"],
] as const;

const component = (rule: Omit<ConfigRule, "source" | "regional" | "severity" | "scope">): ConfigRule => ({
    source: "component",
    regional: false,
    severity: "error",
    scope: "config",
    ...rule,
});

/** The regions of `regions` that are known strings, and whether every region is. */
function knownRegions(args: Readonly<Record<string, unknown>>): { known: string[]; all: boolean } {
    const regions = Array.isArray(args.regions) ? (args.regions as unknown[]) : [];
    const known = regions.filter((r): r is string => typeof r === "string");
    return {
        known,
        all: (args.regions === undefined || Array.isArray(args.regions)) && known.length === regions.length,
    };
}

export const ARGUMENT_RULES: readonly ConfigRule[] = [
    component({
        code: "unknown-argument",
        description: "an argument that MultiRegionDistribution does not have (a typo must not be ignored)",
        check({ args }, report) {
            for (const k of Object.keys(args)) {
                if (!(ARG_NAMES as readonly string[]).includes(k) && args[k] !== undefined) {
                    const hint = closest(k, ARG_NAMES);
                    report({
                        path: k,
                        value: args[k],
                        rule: "is not an argument of MultiRegionDistribution",
                        fix: hint ? `did you mean ${hint}?` : "remove it",
                    });
                }
            }
        },
    }),
    component({
        code: "backend-value",
        description:
            'a backend other than "aws" or "aws-native", or one that is an Output (it decides which resource is registered)',
        check({ args }, report) {
            const backend = args.backend;
            if (backend === UNKNOWN) {
                report({
                    path: "backend",
                    value: backend,
                    rule: "must be a plain string: the backend decides which resource is registered, so it cannot wait for an Output",
                    fix: 'give "aws" or "aws-native" directly',
                });
            } else if (backend !== undefined && !Object.values(Backend).includes(backend as Backend)) {
                report({
                    path: "backend",
                    value: backend,
                    rule: `must be one of ${Object.values(Backend)
                        .map((b) => JSON.stringify(b))
                        .join(", ")}`,
                    fix: 'use "aws" for @pulumi/aws or "aws-native" for @pulumi/aws-native',
                });
            }
        },
    }),
    component({
        code: "allow-public-amis-value",
        description: "an allowPublicAmis that is not a plain true or false",
        check({ args }, report) {
            const allow = args.allowPublicAmis;
            if (allow !== undefined && typeof allow !== "boolean") {
                report({
                    path: "allowPublicAmis",
                    value: allow,
                    rule: allow === UNKNOWN ? "must be a plain true or false, not an Output" : "must be true or false",
                    fix: "give a boolean",
                });
            }
        },
    }),
    component({
        code: "home-region-code",
        description: "a homeRegion that is not a region code such as us-east-1",
        check({ args }, report) {
            const home = args.homeRegion;
            if (home !== undefined && home !== UNKNOWN && (typeof home !== "string" || !isRegionCode(home))) {
                report({
                    path: "homeRegion",
                    value: home,
                    rule: "must be a region code such as us-east-1",
                    fix: "give the region the configuration lives in",
                });
            }
        },
    }),
    component({
        code: "argument-type",
        description:
            "arguments that are not an object; regions or distributions that are not a list, defaults or overrides that are not a plain object (or are an Output)",
        check({ args }, report) {
            for (const [arg, kind] of CONTAINER_ARGS) {
                const v = args[arg];
                if (v === undefined || (v === UNKNOWN && kind === "list")) {
                    continue;
                }
                if (v === UNKNOWN) {
                    // The fan-out merges defaults and overrides while the program runs: they must be plain objects.
                    report({
                        path: arg,
                        value: v,
                        rule: "must be a plain object, not an Output",
                        fix: `put Outputs in the values inside ${arg}, not around it`,
                    });
                } else if (kind === "list" ? !Array.isArray(v) : !isPlainObject(v)) {
                    report({
                        path: arg,
                        value: v,
                        rule: `must be ${kind === "list" ? "a list" : "an object"}`,
                        fix: `give ${arg} as ${kind === "list" ? "an array" : "an object"}`,
                    });
                }
            }
        },
    }),
    component({
        code: "override-unlisted-region",
        description:
            "an override of a region that is not in regions (or of a key that is no region code): it would be ignored",
        check({ args, secretAt }, report) {
            if (!isPlainObject(args.overrides)) {
                return;
            }
            const { known, all } = knownRegions(args);
            // The regions that may be named in a message: a secret region is compared, never shown.
            const shown = Array.isArray(args.regions)
                ? (args.regions as unknown[]).filter(
                      (r, i): r is string => typeof r === "string" && !secretAt(`regions[${i}]`),
                  )
                : [];
            const hidden = known.length - shown.length;
            const listed = [...shown, ...(hidden > 0 ? [`${hidden} secret`] : [])];
            for (const key of Object.keys(args.overrides)) {
                const path = joinKey("overrides", key);
                if (all && !known.includes(key)) {
                    const hint = closest(key, shown);
                    report({
                        path,
                        value: key,
                        rule: `overrides a region that is not in regions (${listed.length ? someOf(listed) : "none"}), so it would be ignored`,
                        fix: hint
                            ? `did you mean "${hint}"? Otherwise add "${key}" to regions`
                            : `add "${key}" to regions or remove the override`,
                        secretFix: "add the override's region to regions or remove the override",
                    });
                } else if (!all && !isRegionCode(key)) {
                    // Some regions are not known yet, but a key that is no region code can match none of them.
                    report({
                        path,
                        value: key,
                        rule: "is not a region code (such as us-east-1), so it overrides no region and would be ignored",
                        fix: "use the region's code as the key",
                    });
                }
            }
        },
    }),
    component({
        code: "override-type",
        description: "an override that is not a plain object of settings (or is an Output)",
        check({ args }, report) {
            if (!isPlainObject(args.overrides)) {
                return;
            }
            for (const [key, over] of Object.entries(args.overrides)) {
                const path = joinKey("overrides", key);
                if (over === UNKNOWN) {
                    report({
                        path,
                        value: over,
                        rule: "must be a plain object, not an Output",
                        fix: "put Outputs in the values inside the override, not around it",
                    });
                } else if (over !== undefined && !isPlainObject(over)) {
                    report({
                        path,
                        value: over,
                        rule: "must be an object of distribution settings",
                        fix: "give the settings for this region",
                    });
                }
            }
        },
    }),
    component({
        code: "region-as-setting",
        description:
            "a region inside defaults or an override: defaults apply to every region of regions, an override's key names its region",
        check({ args }, report) {
            if (isPlainObject(args.defaults) && args.defaults.region !== undefined) {
                report({
                    path: "defaults.region",
                    value: args.defaults.region,
                    rule: "is not a setting: defaults apply to every region of regions",
                    fix: "remove it, and list the regions in regions",
                });
            }
            if (isPlainObject(args.overrides)) {
                for (const [key, over] of Object.entries(args.overrides)) {
                    if (isPlainObject(over) && over.region !== undefined) {
                        report({
                            path: joinMember(joinKey("overrides", key), "region"),
                            value: over.region,
                            rule: "is not a setting: the key of the override names its region",
                            fix: "remove it",
                        });
                    }
                }
            }
        },
    }),
    {
        code: "no-distribution",
        description: "a configuration with no region at all (AWS requires at least one distribution)",
        source: "model",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateDistributionConfiguration.html",
        regional: false,
        severity: "error",
        scope: "config",
        check({ args, entries }, report) {
            if (
                entries.length === 0 &&
                (args.regions === undefined || Array.isArray(args.regions)) &&
                (args.distributions === undefined || Array.isArray(args.distributions))
            ) {
                report({
                    path: "regions",
                    value: args.regions,
                    hasValue: args.regions !== undefined,
                    rule: "no region to distribute to: a distribution configuration needs at least one distribution",
                    fix: "list regions (with defaults or overrides) or give distributions",
                });
            }
        },
    },
    {
        code: "region-duplicate",
        description: "a region given twice (in regions, in distributions, or in both): one distribution per region",
        source: "aws-docs",
        url: "https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_CreateDistributionConfiguration.html",
        regional: false,
        severity: "error",
        scope: "config",
        check({ entries, secretAt }, report) {
            const seen = new Map<string, string>();
            for (const e of entries) {
                const region = regionIn(e.value);
                if (typeof region !== "string") {
                    continue;
                }
                const first = seen.get(region);
                if (first === undefined) {
                    seen.set(region, e.entry.regionPath);
                    continue;
                }
                const secret = e.secretAt("region") || secretAt(first);
                report({
                    path: e.entry.regionPath,
                    value: region,
                    secret,
                    rule: `${secret ? "the region" : `region "${region}"`} appears more than once (first at ${first}); a configuration has one distribution per region`,
                    fix: "merge the two entries into one, or use overrides for the region's differences",
                });
            }
        },
    },
];
