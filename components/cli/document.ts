/**
 * The plan document: what `--json` prints and `--diff` reads back. One document per stack:
 * `{ stack, resources, requests, outputs }`, where each request is exactly the body of the
 * `CreateDistributionConfiguration` call that the configuration would make, secrets redacted.
 */
import { DISTRIBUTION_TYPES } from "./mocks";
import { Json, contentToken, isObject, sortKeys } from "./json";
import { UsageError } from "./project";
import type { RecordedResource, RunResult } from "./runner";

/** A resource of the plan. */
export interface PlanResource {
    /** The type token, e.g. `aws:imagebuilder/distributionConfiguration:DistributionConfiguration`. */
    type: string;
    /** The resource's logical name. */
    name: string;
    /** The URN of the parent, or null. */
    parent: string | null;
    /** The inputs as registered with the provider, secrets shown as `[secret]`. */
    inputs: { [key: string]: Json };
}

/** The body of a `CreateDistributionConfiguration` call, in the API's request syntax. */
export interface CreateDistributionConfigurationRequest {
    [key: string]: Json;
    clientToken: string;
}

/** One API request of the plan. */
export interface PlanRequest {
    /** The URN of the resource that makes the request. */
    resource: string;
    operation: "CreateDistributionConfiguration";
    request: CreateDistributionConfigurationRequest;
}

/** The plan of a stack. */
export interface PlanDocument {
    stack: string;
    resources: PlanResource[];
    requests: PlanRequest[];
    outputs: { [key: string]: Json };
}

/** The fields of the API's request that a distribution configuration's inputs map to. */
const REQUEST_FIELDS = ["name", "description", "distributions", "tags"] as const;

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export interface UrnParts {
    stack: string;
    project: string;
    /** The type with its parents' types, `$`-separated. */
    qualifiedType: string;
    /** The resource's own type. */
    type: string;
    name: string;
}

/** Splits a URN into its parts (the name may itself contain `::`). */
export function parseUrn(urn: string): UrnParts | undefined {
    if (!urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    const parts = urn.slice("urn:pulumi:".length).split("::");
    if (parts.length < 4) {
        return undefined;
    }
    const [stack, project, qualifiedType, ...rest] = parts;
    return {
        stack,
        project,
        qualifiedType,
        type: qualifiedType.split("$").pop() ?? qualifiedType,
        name: rest.join("::"),
    };
}

/** Orders resources as a tree: parents before their children, siblings by name and type. */
export function treeOrder<T extends { type: string; name: string; urn: string; parent?: string }>(
    resources: readonly T[],
): T[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string | undefined, T[]>();
    for (const r of resources) {
        const parent = r.parent !== undefined && byUrn.has(r.parent) ? r.parent : undefined;
        const list = children.get(parent) ?? [];
        list.push(r);
        children.set(parent, list);
    }
    const out: T[] = [];
    const visit = (parent: string | undefined) => {
        const list = (children.get(parent) ?? []).sort((a, b) =>
            a.name === b.name ? (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) : a.name < b.name ? -1 : 1,
        );
        for (const r of list) {
            out.push(r);
            visit(r.urn);
        }
    };
    visit(undefined);
    return out;
}

type Renderers = typeof import("../distribution/render/aws") & typeof import("../distribution/render/awsNative");

/**
 * The component's renderers, loaded when first needed: they load `@pulumi/pulumi`, which must not
 * happen before the program's configuration is in the environment.
 */
function renderers(): Renderers {
    /* eslint-disable @typescript-eslint/no-require-imports */
    return {
        ...(require("../distribution/render/aws") as typeof import("../distribution/render/aws")),
        ...(require("../distribution/render/awsNative") as typeof import("../distribution/render/awsNative")),
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Converts provider-shaped distributions to the API's shape, leaving redacted or odd values as they are. */
function distributionsToApi(type: string, distributions: Json): Json {
    if (!Array.isArray(distributions)) {
        return distributions;
    }
    const { awsToApi, awsNativeToApi } = renderers();
    const native = type === DISTRIBUTION_TYPES["aws-native"];
    return distributions.map((d) => {
        if (!isObject(d)) {
            return d;
        }
        // The renderers expect lists and objects where the provider has them; keep anything else
        // (a redacted secret) aside and put it back afterwards.
        const held: Record<string, Json> = {};
        const safe: Record<string, unknown> = { ...d };
        const key = native ? "amiDistributionConfiguration" : "launchTemplateConfigurations";
        const ok = native ? isObject(safe[key]) : Array.isArray(safe[key]);
        if (safe[key] !== undefined && safe[key] !== null && !ok) {
            held[key] = safe[key] as Json;
            delete safe[key];
        }
        const api = (native ? awsNativeToApi([safe]) : awsToApi([safe]))[0];
        return sortKeys({ ...api, ...held });
    });
}

/**
 * The `CreateDistributionConfiguration` request of a distribution configuration resource: the
 * API's fields only, provider names mapped back (`default` -> `setDefaultVersion`,
 * `launchPermissionConfiguration` -> `launchPermission`), and a client token derived from the content.
 */
export function requestOf(resource: {
    type: string;
    inputs: { [key: string]: Json };
}): CreateDistributionConfigurationRequest {
    const request: Record<string, Json> = {};
    for (const field of REQUEST_FIELDS) {
        const v = resource.inputs[field];
        if (v === undefined || v === null) {
            continue;
        }
        request[field] = field === "distributions" ? distributionsToApi(resource.type, v) : v;
    }
    if (request.distributions === undefined) {
        request.distributions = [];
    }
    const sorted = sortKeys(request) as Record<string, Json>;
    return sortKeys({ ...sorted, clientToken: contentToken(sorted) }) as CreateDistributionConfigurationRequest;
}

/** True for a distribution configuration of either backend. */
export function isDistributionType(type: string): boolean {
    return type === DISTRIBUTION_TYPES.aws || type === DISTRIBUTION_TYPES["aws-native"];
}

/** Builds the plan document of a run. Deterministic: the same program gives the same document. */
export function buildPlan(run: Pick<RunResult, "stack" | "resources" | "outputs">): PlanDocument {
    const ordered = treeOrder<RecordedResource>(run.resources);
    const resources: PlanResource[] = ordered.map((r) => ({
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        inputs: sortKeys(r.inputs) as { [key: string]: Json },
    }));
    const requests: PlanRequest[] = ordered
        .filter((r) => isDistributionType(r.type))
        .map((r) => ({ resource: r.urn, operation: "CreateDistributionConfiguration", request: requestOf(r) }));
    return { stack: run.stack, resources, requests, outputs: sortKeys(run.outputs) as { [key: string]: Json } };
}

/**
 * The document as `--json` prints it: the fields in the documented order (`stack`, `resources`,
 * `requests`, `outputs`, and `diff` when there is one), every value inside with its keys sorted,
 * two-space indentation and a final newline. The same plan always prints the same text.
 */
export function formatJson(doc: PlanDocument & { diff?: unknown }): string {
    const ordered: Record<string, unknown> = {
        stack: doc.stack,
        resources: doc.resources.map((r) => ({
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs: sortKeys(r.inputs),
        })),
        requests: doc.requests.map((r) => ({
            resource: r.resource,
            operation: r.operation,
            request: sortKeys(r.request),
        })),
        outputs: sortKeys(doc.outputs),
    };
    if (doc.diff !== undefined) {
        ordered.diff = sortKeys(doc.diff);
    }
    return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Reads a plan saved with `--json` (for `--diff`).
 * @throws UsageError when the text is not a plan document.
 */
export function parsePlanDocument(text: string, source: string): PlanDocument {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${source} is not JSON: ${(e as Error).message}`);
    }
    if (
        !isObject(doc) ||
        typeof doc.stack !== "string" ||
        !Array.isArray(doc.resources) ||
        !Array.isArray(doc.requests) ||
        !isObject(doc.outputs)
    ) {
        throw new UsageError(
            `${source} is not a plan saved with --json (it needs stack, resources, requests and outputs)`,
        );
    }
    for (const r of doc.requests) {
        if (!isObject(r) || typeof r.resource !== "string" || !isObject(r.request)) {
            throw new UsageError(`${source}: every request needs a "resource" and a "request"`);
        }
    }
    return doc as unknown as PlanDocument;
}
