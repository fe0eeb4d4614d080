/**
 * What other languages send, turned into what a TypeScript program passes: the differences the
 * protocol allows and the component does not expect.
 *
 * - Plain inputs that arrive as one Output, and top-level nulls: see {@link plainInputs}.
 * - A bare unknown (the engine's unknown sentinel not wrapped in an output value, as older engines and
 *   some SDKs send it) arrives from the SDK's deserializer as its `Unknown` object. It becomes an unknown
 *   Output, which is what the component treats as "not known yet".
 * - `unset`: other languages cannot write the library's `NONE` (a `null` typed `never`; their SDKs drop
 *   nulls). The schema gives every override an `unset` list of setting paths instead, and each path
 *   becomes `NONE` at that place.
 */
import * as pulumi from "@pulumi/pulumi";
import { NONE, UNKNOWN } from "../../components";
import { isPlainObject, resolveView } from "../../components/distribution/values";

/** The override property that lists settings to clear, as the schema names it. */
export const UNSET = "unset";

/** A problem with the input found before the component sees it: the path as written, and why. */
export interface WireProblem {
    /** The property path, in the component's notation: `overrides["eu-west-1"].unset[0]`. */
    path: string;
    /** What is wrong and what to do. */
    reason: string;
    /** True when the value at the path is secret: the reason shows `[secret]`, never the value. */
    secret?: boolean;
}

/**
 * The inputs the schema marks plain: they decide which resources and entries exist, and the component
 * takes them as plain values (the lists also as Outputs). The flags are taken as their value.
 */
const PLAIN_INPUTS: ReadonlySet<string> = new Set([
    "regions",
    "defaults",
    "overrides",
    "distributions",
    "backend",
    "allowPublicAmis",
]);
const FLAGS: ReadonlySet<string> = new Set(["backend", "allowPublicAmis"]);

/**
 * The inputs as the component takes them. A top-level input that is null, or a known Output of null, is
 * left out: other languages send an optional input they do not set that way (the Go SDK sends a nil
 * Output with its dependencies), and no argument of the component means anything by null.
 *
 * The plain inputs that arrive as one Output become plain values again. The SDK's provider server hands
 * over a whole input as an Output when the engine sends dependencies for it (a Java program sends every
 * value plain with its dependencies; a Python or YAML program may pass an Output where the schema says
 * plain; a `transforms` option makes the engine send every input with dependencies as one). A known value
 * is spread back into its structure, each leaf an Output of it, so that the child still depends on the
 * resources it came from, and a secret one stays secret in every leaf (the engine marks such an input
 * secret as a whole when any value inside it is); `unset` lists stay plain (they are paths). An unknown
 * one is left as it is: the component waits for it, or reports it.
 */
export async function plainInputs(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await plainInputsAndSecrets(inputs)).inputs;
}

/**
 * {@link plainInputs}, and the plain inputs that arrived as one secret Output (`"overrides"`,
 * `"defaults"`): their leaves stay secret once spread, but the keys of their maps (an override's region)
 * and the `unset` paths cannot be, so the whole input is to be treated as secret wherever it is shown.
 */
export async function plainInputsAndSecrets(
    inputs: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; secretRoots: string[] }> {
    const out: Record<string, unknown> = {};
    const secretRoots: string[] = [];
    for (const [key, v] of Object.entries(inputs)) {
        if (v === null || v === undefined) {
            continue;
        }
        if (!pulumi.Output.isInstance(v)) {
            out[key] = v;
            continue;
        }
        const { value, secrets } = await resolveView(v);
        if (value === null || value === undefined) {
            continue;
        }
        if (value === UNKNOWN || !PLAIN_INPUTS.has(key)) {
            out[key] = v;
            continue;
        }
        if (secrets.length > 0) {
            secretRoots.push(key);
        }
        out[key] = FLAGS.has(key) ? value : spread(v as pulumi.Output<unknown>, value, (x) => x);
    }
    return { inputs: out, secretRoots };
}

/** Maps whose keys are data, not names of settings: spread as one Output, so that a secret keeps its keys secret. */
const DATA_MAPS: ReadonlySet<string> = new Set(["amiTags"]);

/**
 * `value`, which `o` resolved to, with each leaf an Output of `o`'s (its dependencies), and each map of
 * {@link DATA_MAPS} one such Output; `unset` plain.
 */
function spread(o: pulumi.Output<unknown>, value: unknown, at: (x: unknown) => unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((item, i) => spread(o, item, (x) => (at(x) as unknown[])[i]));
    }
    if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(value)) {
            const inner = (x: unknown) => (at(x) as Record<string, unknown>)[k];
            out[k] = k === UNSET ? item : DATA_MAPS.has(k) ? o.apply(inner) : spread(o, item, inner);
        }
        return out;
    }
    return o.apply(at);
}

/** The settings paths `unset` accepts: every property path of a settings object that leads through objects. */
export type SettingPaths = ReadonlySet<string>;

/** An unknown Output, as the SDK builds one from an output value without a value. */
function unknownOutput(): pulumi.Output<unknown> {
    return pulumi.runtime.deserializeProperty({
        [pulumi.runtime.specialSigKey]: pulumi.runtime.specialOutputValueSig,
    }) as pulumi.Output<unknown>;
}

/** Replaces every bare unknown in plain data with an unknown Output; other values are kept as they are. */
export function unknownsToOutputs(v: unknown): unknown {
    if (pulumi.isUnknown(v)) {
        return unknownOutput();
    }
    if (Array.isArray(v)) {
        return v.map(unknownsToOutputs);
    }
    if (isPlainObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) {
            out[k] = unknownsToOutputs(e);
        }
        return out;
    }
    return v;
}

/** `a.b` or `a["b-c"]`: a member in the component's path notation. */
export function member(path: string, key: string): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Applies the `unset` lists of `overrides`: each path becomes `NONE` in its override, and the lists
 * are removed. `unset` in `defaults` is a problem (there is nothing to clear there), so is a path that
 * is not a setting, and one that the same override also sets. `secretRoots` are the inputs that arrived
 * as one secret ({@link plainInputsAndSecrets}): when `overrides` is one, a problem names only
 * `overrides`, and shows no region, path or value of it. Default: none.
 */
export function applyUnset(
    inputs: Record<string, unknown>,
    paths: SettingPaths,
    secretRoots: readonly string[] = [],
): { inputs: Record<string, unknown>; problems: WireProblem[] } {
    // Of overrides that arrived as one secret, no region, path or value is shown: a problem names the input.
    const overridesSecret = secretRoots.includes("overrides");
    const problems: WireProblem[] = [];
    const out = { ...inputs };
    if (isPlainObject(out.defaults) && UNSET in out.defaults) {
        problems.push({
            path: member("defaults", UNSET),
            reason: `"${UNSET}" clears a setting of defaults in one region, so it belongs in overrides["<region>"]; remove it from defaults (leave a setting out of defaults to not set it)`,
        });
        const { [UNSET]: _dropped, ...rest } = out.defaults;
        void _dropped;
        out.defaults = rest;
    }
    if (!isPlainObject(out.overrides)) {
        return { inputs: out, problems };
    }
    const overrides: Record<string, unknown> = {};
    for (const [region, override] of Object.entries(out.overrides)) {
        overrides[region] = override;
        if (!isPlainObject(override) || override[UNSET] === undefined) {
            continue;
        }
        const at = overridesSecret ? "overrides" : member(member("overrides", region), UNSET);
        const list = override[UNSET];
        const { [UNSET]: _list, ...settings } = override;
        void _list;
        if (!Array.isArray(list)) {
            problems.push({
                path: at,
                secret: overridesSecret,
                reason: `${overridesSecret ? `${UNSET}: ` : ""}must be a list of setting paths such as "amiDistributionConfiguration.kmsKeyId"`,
            });
            overrides[region] = settings;
            continue;
        }
        list.forEach((written, i) => {
            const path = overridesSecret ? at : `${at}[${i}]`;
            // Python programs may write the path in their SDK's names: ami_distribution_configuration.kms_key_id.
            const p = typeof written === "string" ? camelPath(written) : written;
            if (typeof p !== "string" || !paths.has(p)) {
                const shown = overridesSecret
                    ? "[secret]"
                    : typeof written === "string"
                      ? JSON.stringify(written)
                      : pulumi.Output.isInstance(written)
                        ? "a secret or unknown value"
                        : JSON.stringify(written);
                problems.push({
                    path,
                    secret: overridesSecret || pulumi.Output.isInstance(written),
                    reason: `${overridesSecret ? `${UNSET}: ` : ""}got ${shown}; a path to unset must name a setting, known when the program runs, such as "amiDistributionConfiguration" or "amiDistributionConfiguration.kmsKeyId"`,
                });
                return;
            }
            if (!setNone(settings, p.split("."))) {
                problems.push({
                    path,
                    secret: overridesSecret,
                    reason: `${overridesSecret ? `${UNSET}: got [secret]` : `got ${JSON.stringify(written)}`}, which this override also sets; remove it from "${UNSET}" or remove the setting`,
                });
            }
        });
        overrides[region] = settings;
    }
    out.overrides = overrides;
    return { inputs: out, problems };
}

/** `a_b.c_d` as `aB.cD`: a path in Python's names, in the schema's. */
export function camelPath(path: string): string {
    return path.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Sets `NONE` at `keys` inside `obj` (copying the objects on the way); false when a value is already there. */
function setNone(obj: Record<string, unknown>, keys: string[]): boolean {
    const [key, ...rest] = keys;
    if (rest.length === 0) {
        if (obj[key] !== undefined) {
            return false;
        }
        obj[key] = NONE;
        return true;
    }
    const inner = obj[key];
    if (inner === null) {
        return true; // the whole object is already cleared
    }
    if (inner !== undefined && !isPlainObject(inner)) {
        return false;
    }
    const copy = { ...(inner ?? {}) };
    obj[key] = copy;
    return setNone(copy, rest);
}
