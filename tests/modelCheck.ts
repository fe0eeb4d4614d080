/**
 * A checker of API requests against AWS's own service model (botocore's `service-2.json`): it walks a
 * request along the model's shapes from the operation's input shape and reports every violation:
 * missing required members, unknown members, wrong types, string lengths (in code points) and
 * patterns, enums, list and map sizes, integer ranges.
 *
 * It is written from the model's documented meaning, independently of the component's own generated
 * constraint table, so that the two check each other.
 */
import * as fs from "fs";
import * as path from "path";

/** The path of AWS's Image Builder model, vendored in the repository (`model/`). */
export const MODEL_PATH = path.resolve(__dirname, "..", "model", "imagebuilder-2019-12-02.service-2.json");

interface MemberRef {
    shape: string;
}

/** A shape of a botocore model (the parts the checker reads). */
export interface ModelShape {
    type: string;
    required?: string[];
    members?: Record<string, MemberRef>;
    member?: MemberRef;
    key?: MemberRef;
    value?: MemberRef;
    min?: number;
    max?: number;
    pattern?: string;
    enum?: string[];
}

/** A botocore service model. */
export interface ServiceModel {
    metadata: { apiVersion: string; serviceId?: string };
    operations: Record<string, { name: string; input?: MemberRef }>;
    shapes: Record<string, ModelShape>;
}

/** One violation: where in the request, and what is wrong. */
export interface ModelViolation {
    path: string;
    message: string;
}

/** Options of the checker. */
export interface CheckOptions {
    /**
     * A string that stands for a redacted secret: it is accepted wherever a value is (its real value
     * is unknown to the checker). Undefined: no value is exempt.
     */
    redacted?: string;
}

/** Reads a service model. */
export function loadModel(file: string = MODEL_PATH): ServiceModel {
    return JSON.parse(fs.readFileSync(file, "utf8")) as ServiceModel;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function join(p: string, member: string): string {
    return p === "" ? member : `${p}.${member}`;
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
    let r = regexCache.get(pattern);
    if (r === undefined) {
        // AWS matches the whole value (Java's Matcher.matches), whether the pattern ends in "$" or not.
        r = new RegExp(`^(?:${pattern})$`);
        regexCache.set(pattern, r);
    }
    return r;
}

/** Whether `value` matches the model's `pattern` as AWS matches it: whole, with Java's ASCII-only \s. */
function matchesPattern(pattern: string, value: string): boolean {
    return regex(pattern).test(value) && !(pattern.includes("\\s") && /[^\S \t\n\x0B\f\r]/.test(value));
}

/** Checks a value against a shape of the model; appends what is wrong to `out`. */
export function checkShape(
    model: ServiceModel,
    shapeName: string,
    value: unknown,
    p: string,
    out: ModelViolation[],
    options: CheckOptions = {},
): void {
    const shape = model.shapes[shapeName];
    if (shape === undefined) {
        out.push({ path: p, message: `the model has no shape ${shapeName}` });
        return;
    }
    if (options.redacted !== undefined && value === options.redacted) {
        return;
    }
    const fail = (message: string) => out.push({ path: p || "(request)", message: `${message} (shape ${shapeName})` });
    const size = (n: number, what: string) => {
        if (shape.min !== undefined && n < shape.min) {
            fail(`${what} ${n} is below the minimum ${shape.min}`);
        }
        if (shape.max !== undefined && n > shape.max) {
            fail(`${what} ${n} is above the maximum ${shape.max}`);
        }
    };
    switch (shape.type) {
        case "structure": {
            if (!isPlainObject(value)) {
                fail(`expected a structure, got ${JSON.stringify(value)}`);
                return;
            }
            const members = shape.members ?? {};
            for (const r of shape.required ?? []) {
                if (value[r] === undefined || value[r] === null) {
                    out.push({ path: join(p, r), message: `required member is missing (shape ${shapeName})` });
                }
            }
            for (const [k, v] of Object.entries(value)) {
                const m = members[k];
                if (m === undefined) {
                    out.push({
                        path: join(p, k),
                        message: `unknown member; ${shapeName} has ${Object.keys(members).join(", ")}`,
                    });
                    continue;
                }
                if (v === null) {
                    out.push({ path: join(p, k), message: "null is not a value; leave the member out" });
                    continue;
                }
                checkShape(model, m.shape, v, join(p, k), out, options);
            }
            return;
        }
        case "list": {
            if (!Array.isArray(value)) {
                fail(`expected a list, got ${JSON.stringify(value)}`);
                return;
            }
            size(value.length, "length");
            value.forEach((v, i) => checkShape(model, shape.member!.shape, v, `${p}[${i}]`, out, options));
            return;
        }
        case "map": {
            if (!isPlainObject(value)) {
                fail(`expected a map, got ${JSON.stringify(value)}`);
                return;
            }
            size(Object.keys(value).length, "size");
            for (const [k, v] of Object.entries(value)) {
                checkShape(model, shape.key!.shape, k, `${p}{key ${JSON.stringify(k)}}`, out, options);
                checkShape(model, shape.value!.shape, v, `${p}[${JSON.stringify(k)}]`, out, options);
            }
            return;
        }
        case "string": {
            if (typeof value !== "string") {
                fail(`expected a string, got ${JSON.stringify(value)}`);
                return;
            }
            size([...value].length, "length");
            if (shape.enum !== undefined && !shape.enum.includes(value)) {
                fail(`${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
            }
            if (shape.pattern !== undefined && !matchesPattern(shape.pattern, value)) {
                fail(`${JSON.stringify(value)} does not match ${shape.pattern}`);
            }
            return;
        }
        case "integer":
        case "long": {
            if (typeof value !== "number" || !Number.isInteger(value)) {
                fail(`expected an integer, got ${JSON.stringify(value)}`);
                return;
            }
            size(value, "value");
            return;
        }
        case "boolean":
            if (typeof value !== "boolean") {
                fail(`expected a boolean, got ${JSON.stringify(value)}`);
            }
            return;
        default:
            fail(`the checker does not know shapes of type ${shape.type}`);
    }
}

/**
 * Checks the request of an operation against the model.
 * @returns every violation; empty when the request is valid.
 */
export function checkRequest(
    model: ServiceModel,
    operation: string,
    request: unknown,
    options: CheckOptions = {},
): ModelViolation[] {
    const op = model.operations[operation];
    if (op === undefined || op.input === undefined) {
        return [{ path: "(request)", message: `the model has no operation ${operation} with an input` }];
    }
    const out: ModelViolation[] = [];
    checkShape(model, op.input.shape, request, "", out, options);
    return out;
}

/** The paths (`a.b[0].c`, as the checker writes them) of every value in `v` for which `match` holds. */
export function pathsWhere(v: unknown, match: (x: unknown) => boolean, p = ""): string[] {
    if (match(v)) {
        return [p];
    }
    if (Array.isArray(v)) {
        return v.flatMap((x, i) => pathsWhere(x, match, `${p}[${i}]`));
    }
    if (typeof v === "object" && v !== null) {
        return Object.entries(v).flatMap(([k, x]) => pathsWhere(x, match, p === "" ? k : `${p}.${k}`));
    }
    return [];
}
