/**
 * Names that normalize alike in one home region of one program. Image Builder derives a distribution
 * configuration's ARN from a normalized form of its name, so names that differ only in case, spaces or
 * underscores count as the same name: the second configuration created under it fails in AWS. Each
 * component claims its name once the name and its home region are known; a claim that meets an earlier
 * one is the `name-collision` problem: the registry's rule that compares configurations (`rules/names.ts`),
 * which the engine does not run, checked here across one program's components.
 *
 * Claims are kept per program (per Pulumi engine connection, so that each run under mocks starts empty)
 * and per provider: two explicit providers may reach two accounts, so names are compared only among the
 * components that one provider (or the default providers) creates.
 */
import * as pulumi from "@pulumi/pulumi";
import { NAME_COLLISION_RULE, normalizedConfigurationName } from "./rules/names";
import type { Problem } from "./validate";

/** Who holds a normalized name in one home region. */
interface Claim {
    /** The name of the component that claimed it. */
    component: string;
    /** The name as that component gives it. */
    name: string;
    /** Whether that name is secret (it is then never shown). */
    secret: boolean;
    /** Whether that component's home region is secret (it is then never shown). */
    regionSecret: boolean;
}

/** Where names must differ: the configurations one provider creates in one region. */
export interface NameScope {
    /** The explicit provider that creates the configuration, or undefined for the default providers. */
    provider: pulumi.ProviderResource | undefined;
    /** The home region, or a label of the provider's own region when it is not named. */
    region: string;
    /** True when the home region is secret: it is compared, never shown. */
    regionSecret?: boolean;
}

/** The claims of each program (engine connection), by provider. */
const programs = new WeakMap<object, WeakMap<object, Map<string, Claim>>>();

/** Stands for the program when no engine is connected, and for the default providers. */
const NO_OBJECT = {};

/** The claims of `provider` in the running program. */
function claimsOf(provider: object): Map<string, Claim> {
    const program: object = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_OBJECT;
    let byProvider = programs.get(program);
    if (byProvider === undefined) {
        byProvider = new WeakMap();
        programs.set(program, byProvider);
    }
    let claims = byProvider.get(provider);
    if (claims === undefined) {
        claims = new Map();
        byProvider.set(provider, claims);
    }
    return claims;
}

/**
 * Claims `name` for `component` in `scope`.
 * @returns the `name-collision` problem when another component of this program claimed a name that
 *   normalizes alike in the same scope; the claim is not recorded then.
 */
export function claimName(
    component: string,
    name: string,
    secret: boolean,
    scope: NameScope,
): (Problem & { code: string }) | undefined {
    const claims = claimsOf(scope.provider ?? NO_OBJECT);
    const key = `${scope.region}\u0000${normalizedConfigurationName(name)}`;
    const earlier = claims.get(key);
    if (earlier === undefined) {
        claims.set(key, { component, name, secret, regionSecret: scope.regionSecret === true });
        return undefined;
    }
    // Neither name is shown next to a secret one: being alike, either would tell the secret. Nor is the
    // region, when either component's is secret: the two are the same.
    const hidden = earlier.secret || secret;
    const theirs = hidden ? "its name" : `its name ${JSON.stringify(earlier.name)}`;
    const where = scope.regionSecret === true || earlier.regionSecret ? "the same home region" : scope.region;
    return {
        code: NAME_COLLISION_RULE.code,
        path: "name",
        ...(hidden ? {} : { value: name }),
        hasValue: true,
        secret: hidden,
        rule:
            `normalizes like the name of MultiRegionDistribution "${earlier.component}" (${theirs}) in ${where}: ` +
            "Image Builder derives the ARN from the name without case, spaces or underscores, so AWS would reject the second",
        fix: `give one of the two components another name`,
    };
}
