/** What both renderers do to an entry: copy it with one member transformed, or one member renamed. */
import type * as pulumi from "@pulumi/pulumi";
import { isDeferred, isPlainObject, mapInput } from "../values";

/** How {@link withMember} copies. */
export interface CopyOptions {
    /** A member left out of the copy (a field the target does not have). */
    skip?: string;
    /** Leave out members whose value is `null` or `undefined` (resolved provider inputs carry them). */
    dropNullish?: boolean;
}

/** A copy of `entry`, keys in the same order, with `f` applied to the value of `member`; typed as `entry` is. */
export function withMember<E extends Readonly<Record<string, unknown>>>(
    entry: E,
    member: string,
    f: (v: unknown) => unknown,
    options: CopyOptions = {},
): E {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(entry);
    for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const v = entry[k];
        if (k === options.skip || (options.dropNullish && (v === undefined || v === null))) {
            continue;
        }
        out[k] = k === member ? f(v) : v;
    }
    return out as E;
}

/** `v` with its member `from` named `to` (keys in the same order); once it resolves when it is an Output. */
export function renameMember(v: unknown, from: string, to: string): unknown {
    if (isDeferred(v)) {
        return mapInput(v as pulumi.Input<Record<string, unknown>>, (x) => renameMember(x, from, to));
    }
    if (!isPlainObject(v)) {
        return v;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
        out[k === from ? to : k] = x;
    }
    return out;
}
