/**
 * Plain-data views of arguments that may hold `pulumi.Input` leaves.
 *
 * Validation runs twice over the same pure rules: once at construction on a *snapshot*, where every
 * Output or Promise is replaced by {@link UNKNOWN}, and once more when those values resolve, where an
 * Output that is still unknown (a value from another resource during `pulumi preview`) stays
 * {@link UNKNOWN}. Rules skip unknown values, so one unknown KMS key never hides a bad account id.
 */
import * as pulumi from "@pulumi/pulumi";
import { isOfflineSecretPlaceholder } from "./planHooks";

/** Stands for a value that is not known yet (an Output during preview, or before it resolves). */
export const UNKNOWN: unique symbol = Symbol.for("pulumi-imagebuilder-distribution:unknown");
/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** A value in a view: plain data, with {@link UNKNOWN} where a value is not known. */
export type ViewValue = unknown;

/** True for an Output or any thenable: a value that cannot be read synchronously. */
export function isDeferred(v: unknown): boolean {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) {
        // A string, number, boolean, symbol or nothing: never an Output (most leaves are).
        return false;
    }
    return (
        pulumi.Output.isInstance(v) || (typeof v === "object" && typeof (v as { then?: unknown }).then === "function")
    );
}

/** True for a plain object (not an array, an Output, a Promise or null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
    if (typeof v !== "object" || v === null) {
        return false;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
        // An object literal (the usual case) is never an Output: it is deferred only as a thenable.
        return typeof (v as { then?: unknown }).then !== "function";
    }
    return !Array.isArray(v) && !isDeferred(v) && !isBuiltInValue(v);
}

/**
 * An object of a built-in class whose content is no own enumerable property: Pulumi's SDK sends it as
 * its own properties, so a `Map` or a `Date` would arrive as `{}`. It is not taken for a plain object.
 */
function isBuiltInValue(v: object): boolean {
    return (
        v instanceof Map ||
        v instanceof Set ||
        v instanceof WeakMap ||
        v instanceof WeakSet ||
        v instanceof Date ||
        v instanceof RegExp ||
        v instanceof Error ||
        v instanceof Number ||
        v instanceof String ||
        v instanceof Boolean ||
        v instanceof ArrayBuffer ||
        ArrayBuffer.isView(v)
    );
}

/**
 * Sets `key` as an own, enumerable member of `obj`. Plain assignment of `__proto__` would set the
 * prototype instead, and the key would vanish unchecked.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") {
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
        obj[key] = value;
    }
}

/**
 * A view of `v` in which every Output and Promise is {@link UNKNOWN}. Synchronous. Objects and lists that
 * hold no Output or Promise are `v`'s own (nothing is copied that would be copied unchanged); the others
 * are copies. A view is only read, never changed.
 */
export function snapshot(v: unknown): ViewValue {
    return snapshotOf(v).view;
}

/** {@link snapshot}, and whether it replaced anything: whether `v` holds an Output or a Promise anywhere. */
export function snapshotOf(v: unknown): { view: ViewValue; deferred: boolean } {
    const found = { deferred: false };
    const view = viewOf(v, found);
    return { view, deferred: found.deferred };
}

/**
 * The view of `x`: `x` itself when it is a literal object or list that holds no Output or Promise,
 * otherwise a copy (of its own enumerable members) with UNKNOWN in their places. An object made by a
 * class, with another prototype or with hidden members is always copied, as a view reads only data.
 */
function viewOf(x: unknown, found: { deferred: boolean }): ViewValue {
    if (typeof x !== "object" && typeof x !== "function") {
        return x;
    }
    if (isDeferred(x)) {
        found.deferred = true;
        return UNKNOWN;
    }
    if (Array.isArray(x)) {
        // Copied from the first item whose view differs; holes stay holes, as in the list itself.
        let out: unknown[] | undefined;
        for (let i = 0; i < x.length; i++) {
            if (!(i in x)) {
                continue;
            }
            const w = viewOf(x[i], found);
            if (out === undefined) {
                if (Object.is(w, x[i])) {
                    continue;
                }
                out = x.slice(0, i);
            }
            out[i] = w;
        }
        if (out !== undefined) {
            out.length = x.length;
        }
        return out ?? x;
    }
    if (isPlainObject(x)) {
        const keys = Object.keys(x);
        // Copied from the first member whose view differs; the members before it are their own views.
        let out: Record<string, unknown> | undefined =
            Object.getPrototypeOf(x) === Object.prototype && Object.getOwnPropertyNames(x).length === keys.length
                ? undefined
                : {};
        for (let i = 0; i < keys.length; i++) {
            const y = x[keys[i]];
            const w = viewOf(y, found);
            if (out === undefined) {
                if (Object.is(w, y)) {
                    continue;
                }
                out = {};
                for (let j = 0; j < i; j++) {
                    setOwn(out, keys[j], x[keys[j]]);
                }
            }
            setOwn(out, keys[i], w);
        }
        return out ?? x;
    }
    return x;
}

/** Paths of maps, whose keys are data and are written `["key"]`: tags, AMI tags, overrides. */
const MAP_PATH = /^(tags|overrides)$|(^|\.)amiTags$/;

/** A resolved view and the paths (relative to its root) whose values are secret. */
export interface Resolved {
    value: ViewValue;
    secrets: string[];
}

/**
 * Resolves every Output and Promise in `v`, deeply: a known Output becomes its value, an unknown one
 * {@link UNKNOWN}. The paths of secret Outputs are collected so that messages can redact them.
 */
export async function resolveView(v: unknown, path = ""): Promise<Resolved> {
    const secrets: string[] = [];
    const walk = async (x: unknown, p: string): Promise<ViewValue> => {
        if (pulumi.Output.isInstance(x)) {
            const o = x as pulumi.Output<unknown> & {
                isKnown?: Promise<boolean>;
                promise?: () => Promise<unknown>;
            };
            const secret = await pulumi.isSecret(o);
            if (secret) {
                secrets.push(p);
            }
            const known = o.isKnown === undefined ? true : await o.isKnown;
            if (!known) {
                return UNKNOWN;
            }
            const inner =
                typeof o.promise === "function"
                    ? await o.promise()
                    : await new Promise<unknown>((resolve) => o.apply((val) => resolve(val)));
            if (secret && isOfflineSecretPlaceholder(inner)) {
                return UNKNOWN;
            }
            return walk(inner, p);
        }
        if (isDeferred(x)) {
            return walk(await (x as Promise<unknown>), p);
        }
        if (Array.isArray(x)) {
            return Promise.all(x.map((e, i) => walk(e, `${p}[${i}]`)));
        }
        if (isPlainObject(x)) {
            // Keys keep the order written, whatever order their Outputs resolve in.
            const keys = Object.keys(x);
            const isMap = MAP_PATH.test(p);
            const values = await Promise.all(keys.map((k) => walk(x[k], isMap ? joinKey(p, k) : joinMember(p, k))));
            const out: Record<string, unknown> = {};
            keys.forEach((k, i) => {
                setOwn(out, k, values[i]);
            });
            return out;
        }
        return x;
    };
    const value = await walk(v, path);
    return { value, secrets };
}

/** Applies `f` to a value that may be an Output: directly when it is plain, with `apply` otherwise. */
export function mapInput<T, U>(v: pulumi.Input<T>, f: (t: T) => U): pulumi.Input<U> {
    if (pulumi.Output.isInstance(v)) {
        return (v as pulumi.Output<T>).apply((t) => f(t));
    }
    if (isDeferred(v)) {
        return pulumi.output(v).apply((t) => f(t as T));
    }
    return f(v as T);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `a.b` for a structure member. */
export function joinMember(path: string, member: string): string {
    if (!IDENTIFIER.test(member)) {
        return joinKey(path, member);
    }
    return path === "" ? member : `${path}.${member}`;
}

/** `a["key"]` for a map key. */
export function joinKey(path: string, key: string): string {
    return `${path}[${JSON.stringify(key)}]`;
}

/** `a[0]` for a list index. */
export function joinIndex(path: string, index: number): string {
    return `${path}[${index}]`;
}

/** True when `path` is `prefix` or lies below it. */
export function isUnder(path: string, prefix: string): boolean {
    if (prefix === "") {
        return true;
    }
    if (!path.startsWith(prefix)) {
        return false;
    }
    const next = path.charAt(prefix.length);
    return next === "" || next === "." || next === "[";
}

/** `pulumi.output` of a value of any shape, typed as the caller knows it to be after unwrapping. */
export function outputOf<T>(v: unknown): pulumi.Output<T> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return pulumi.output(v as pulumi.Input<any>) as unknown as pulumi.Output<T>;
}

/** A resolved Output of nothing, depending on no resource: what {@link knownOutput} applies. Made once. */
let resolved: pulumi.Output<void> | undefined;

/**
 * An Output of a value that holds no Output or Promise. `pulumi.output` would copy such a value leaf by
 * leaf, each leaf an Output of its own; this wraps it whole.
 */
export function knownOutput<T>(value: T): pulumi.Output<T> {
    resolved ??= outputOf<void>(undefined);
    return resolved.apply(() => value);
}
