/** Small helpers that several rules share. Pure. */
import { isRegionCode } from "../regions";
import { UNKNOWN, isPlainObject } from "../values";

/** The value at `keys` inside `v`: undefined when a step is missing, UNKNOWN when a step is unknown. */
export function get(v: unknown, ...keys: (string | number)[]): unknown {
    let x: unknown = v;
    for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (x === UNKNOWN) {
            return UNKNOWN;
        }
        if (typeof k === "number") {
            if (!Array.isArray(x)) {
                return undefined;
            }
            x = x[k];
        } else {
            if (!isPlainObject(x)) {
                return undefined;
            }
            x = x[k];
        }
    }
    return x;
}

/** Lists at most a few values in a rule. */
export function someOf(list: readonly string[]): string {
    const shown = list.slice(0, 5).join(", ");
    return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}

/** A region code the model accepts as it is: a valid NonEmptyString of the form of a region code. */
export function isPlainRegionCode(region: string): boolean {
    return region.length <= 1024 && isRegionCode(region);
}

/** The `region` of an entry's value: UNKNOWN for an unknown entry, undefined when it has none. */
export function regionIn(value: unknown): unknown {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    return isPlainObject(value) ? value.region : undefined;
}

/** The strings of a list that may hold other values; none for anything that is not a list. */
export function stringsOf(list: unknown): string[] {
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : [];
}
