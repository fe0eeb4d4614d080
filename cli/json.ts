/**
 * Plain-data helpers of the plan command: the wire form of Pulumi property values turned into
 * printable JSON (secrets redacted), canonical JSON with sorted keys, and the content hash that the
 * client token is derived from.
 */
import { createHash } from "crypto";
import { SECRET, UNKNOWN, WIRE } from "./constants";

const { SIG_KEY, SECRET_SIG, RESOURCE_SIG, OUTPUT_VALUE_SIG, ASSET_SIG, ARCHIVE_SIG, UNKNOWN_VALUE } = WIRE;

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** True for a non-null object that is not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Turns a property value in Pulumi's wire format (what `Struct.toJavaScript()` gives for resource
 * inputs and serialized outputs) into printable JSON: secrets become {@link SECRET} where they are
 * (an element of a list stays an element), unknowns {@link UNKNOWN}, resource references their URN,
 * assets and archives their path, text or URI.
 */
export function fromWire(v: unknown): Json {
    if (v === undefined || v === null) {
        return null;
    }
    if (v === UNKNOWN_VALUE) {
        return UNKNOWN;
    }
    if (typeof v === "string" || typeof v === "boolean") {
        return v;
    }
    if (typeof v === "number") {
        return Number.isFinite(v) ? v : String(v);
    }
    if (Array.isArray(v)) {
        return v.map(fromWire);
    }
    if (isObject(v)) {
        const sig = v[SIG_KEY];
        if (typeof sig === "string") {
            switch (sig) {
                case SECRET_SIG:
                    return SECRET;
                case RESOURCE_SIG:
                    return typeof v.urn === "string" ? v.urn : fromWire(v.id);
                case OUTPUT_VALUE_SIG:
                    if (v.secret === true) {
                        return SECRET;
                    }
                    return "value" in v ? fromWire(v.value) : UNKNOWN;
                case ASSET_SIG:
                case ARCHIVE_SIG:
                    return fromWire(
                        v.path ?? v.text ?? v.uri ?? (isObject(v.assets) ? Object.keys(v.assets).sort() : null),
                    );
                default:
                    return null;
            }
        }
        const out: { [key: string]: Json } = {};
        for (const [k, x] of Object.entries(v)) {
            if (x !== undefined) {
                out[k] = fromWire(x);
            }
        }
        return out;
    }
    return String(v);
}

/** A deep copy of `v` with the keys of every object sorted, so that printing it is deterministic. */
export function sortKeys(v: unknown): Json {
    if (Array.isArray(v)) {
        return v.map(sortKeys);
    }
    if (isObject(v)) {
        const out: { [key: string]: Json } = {};
        for (const k of Object.keys(v).sort()) {
            if (v[k] !== undefined) {
                out[k] = sortKeys(v[k]);
            }
        }
        return out;
    }
    return v === undefined ? null : (v as Json);
}

/**
 * JSON with the keys of every object sorted: the same data always prints the same text.
 * @param indent spaces per level; 0 for one line.
 */
export function canonicalJson(v: unknown, indent = 0): string {
    return JSON.stringify(sortKeys(v), null, indent);
}

/**
 * The client token of a request: the first 32 hex digits of the SHA-256 of the request's canonical
 * JSON without the token. The same content always gets the same token (the API allows 1 to 64
 * characters).
 */
export function contentToken(request: Record<string, unknown>): string {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(request)) {
        if (k !== "clientToken") {
            rest[k] = v;
        }
    }
    return createHash("sha256").update(canonicalJson(rest)).digest("hex").slice(0, 32);
}

/** True when two JSON values are equal (objects compared key by key, in any order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
    return canonicalJson(a) === canonicalJson(b);
}
