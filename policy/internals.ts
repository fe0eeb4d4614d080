/**
 * The one place where the pack reaches into `@pulumi/policy` beyond its public API: which input values
 * are secret.
 *
 * The analyzer receives secrets marked as such, but `@pulumi/policy` unwraps them before a policy sees
 * them (`deserializeProperties(properties, false)` in its server), so `args.props` holds their plaintext
 * and nothing says which they were. To keep them out of messages, this module wraps that internal
 * function: every time the server deserializes a resource's (or a provider's) properties, the paths of
 * the secret values are recorded against the object it returns, which is the object a policy's
 * `args.props` proxies. {@link secretPathsOf} reads them back.
 *
 * If `@pulumi/policy` changes so that this no longer works, {@link secretPathsOf} answers `undefined`
 * and the pack treats every value of the resource as secret (nothing leaks; messages show `[secret]`).
 * `tests/policy.test.ts` fails when that happens ("internals" tests), so the change is seen at once.
 *
 * Unknown values need no internals: the public proxy that `args.props` is throws when an unknown value
 * is read, and the pack reads every value through it (see `resources.ts`).
 */
import { runtime } from "@pulumi/pulumi";
// The modules' own export objects (the wrapper replaces a member of one), typed below: their typings
// hide the members used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import deserializeModule = require("@pulumi/policy/deserialize");
// eslint-disable-next-line @typescript-eslint/no-require-imports
import proxyModule = require("@pulumi/policy/proxy");

/** A protobuf `Struct` as the server hands it to `deserializeProperties`. */
interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

/** The members of `@pulumi/policy/deserialize` this module uses (its typings hide them). */
interface DeserializeInternals {
    deserializeProperties(struct: StructLike, proxySecrets: boolean): Record<string, unknown>;
}

/** The members of `@pulumi/policy/proxy` this module uses (its typings hide them). */
interface ProxyInternals {
    /** The key that makes a proxy of `unknownCheckingProxy` give back the object it proxies. */
    getSpecialProxyTarget: string;
}

/** Marks the wrapper, so that loading this module twice never wraps it twice. */
const WRAPPED = Symbol.for("pulumi-imagebuilder-distribution-policy:deserialize-wrapped");

const deserialize = deserializeModule as unknown as DeserializeInternals;
const proxy = proxyModule as unknown as ProxyInternals;

/** Secret paths by the deserialized object that `args.props` proxies. */
const recorded = new WeakMap<object, string[]>();

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `a.b` for a member, `a["k-1"]` for a key that is no identifier. */
export function memberPath(path: string, key: string): string {
    if (!IDENTIFIER.test(key)) {
        return `${path}[${JSON.stringify(key)}]`;
    }
    return path === "" ? key : `${path}.${key}`;
}

/** The paths of the secret values in a wire value (the analyzer's JSON form of properties). */
export function wireSecretPaths(wire: unknown, path = "", out: string[] = []): string[] {
    if (Array.isArray(wire)) {
        wire.forEach((x, i) => wireSecretPaths(x, `${path}[${i}]`, out));
    } else if (typeof wire === "object" && wire !== null) {
        const o = wire as Record<string, unknown>;
        if (o[runtime.specialSigKey] === runtime.specialSecretSig) {
            out.push(path);
            return out;
        }
        for (const k of Object.keys(o)) {
            wireSecretPaths(o[k], memberPath(path, k), out);
        }
    }
    return out;
}

function install(): boolean {
    const original = deserialize.deserializeProperties as DeserializeInternals["deserializeProperties"] & {
        [WRAPPED]?: true;
    };
    if (typeof original !== "function") {
        return false;
    }
    if (original[WRAPPED]) {
        return true;
    }
    const wrapped = Object.assign(
        (struct: StructLike, proxySecrets: boolean): Record<string, unknown> => {
            const props = original(struct, proxySecrets);
            try {
                recorded.set(props, wireSecretPaths(struct.toJavaScript()));
            } catch {
                // Not recorded: secretPathsOf answers undefined and every value counts as secret.
            }
            return props;
        },
        { [WRAPPED]: true as const },
    );
    deserialize.deserializeProperties = wrapped;
    return true;
}

/** Whether the wrapper is in place (false when `@pulumi/policy` no longer has the function). */
export const secretTrackingInstalled: boolean = install();

/**
 * The paths of the secret values in a resource's (or provider's) `props`, as the analyzer sent them
 * (`distributions[0].amiDistributionConfiguration.kmsKeyId`, `tags["team"]`); `undefined` when they
 * cannot be known, in which case a caller must treat every value as secret.
 */
export function secretPathsOf(props: unknown): readonly string[] | undefined {
    if (typeof props !== "object" || props === null) {
        return undefined;
    }
    let target: unknown;
    try {
        target = (props as Record<string, unknown>)[proxy.getSpecialProxyTarget];
    } catch {
        return undefined;
    }
    return typeof target === "object" && target !== null ? recorded.get(target) : recorded.get(props);
}
