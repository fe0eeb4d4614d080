/**
 * What the policy pack's unit tests share: the pack's dependency on this library resolved to the
 * repository's own source, and resource arguments built the way `@pulumi/policy`'s server builds them.
 *
 * The pack imports the library by its npm name (`pulumi-imagebuilder-distribution`), as it does once
 * installed; in this repository nothing installs it, so the name is resolved here to
 * `components/index.ts` (the root tsconfig.json maps it the same way for the compiler). Import this
 * module before any module of `policy/`.
 */
import * as path from "path";
import { ReportViolation, ResourceValidationArgs, StackValidationArgs, PolicyResource } from "@pulumi/policy";
import Module = require("module");

const LIBRARY = "pulumi-imagebuilder-distribution";
const SOURCE = path.resolve(__dirname, "..", "components", "index.ts");
const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === LIBRARY ? SOURCE : original.call(this, request, ...rest);
};

// @pulumi/policy's own deserialization and proxy (what its server does with an Analyze request).
// Read at each call, as the server does: the pack wraps the function when it is loaded.
const deserialize = require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
};
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy(o: unknown): Record<string, unknown>;
};
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { fromJavaScript(o: unknown): unknown };
};

/** The marker of an unknown value on the wire (a value not known in preview). */
export const WIRE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A secret value on the wire. */
export function wireSecret(value: unknown): Record<string, unknown> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** A resource's `props` as a policy receives them from properties as the engine sends them. */
export function propsOf(wire: Record<string, unknown>): Record<string, unknown> {
    return unknownCheckingProxy(deserialize.deserializeProperties(Struct.fromJavaScript(wire), false));
}

/** The arguments of `validateResource` for a resource, with a policy config. */
export function resourceArgs(
    type: string,
    name: string,
    wire: Record<string, unknown>,
    config: Record<string, unknown> = {},
    provider?: { type: string; wire: Record<string, unknown> },
): ResourceValidationArgs {
    const props = propsOf(wire);
    return {
        type,
        name,
        urn: `urn:pulumi:stack::project::${type}::${name}`,
        props,
        ...(provider
            ? {
                  provider: {
                      type: provider.type,
                      name: "p",
                      urn: `urn:pulumi:stack::project::${provider.type}::p`,
                      props: propsOf(provider.wire),
                  },
              }
            : {}),
        opts: {} as ResourceValidationArgs["opts"],
        stackTags: new Map() as unknown as ResourceValidationArgs["stackTags"],
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    } as ResourceValidationArgs;
}

/** A resource of a stack, for `validateStack`. */
export function stackResource(
    type: string,
    name: string,
    wire: Record<string, unknown>,
    provider?: { urn: string; wire: Record<string, unknown> },
): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:stack::project::${type}::${name}`,
        props: propsOf(wire),
        opts: {} as PolicyResource["opts"],
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        ...(provider
            ? {
                  provider: {
                      type: "pulumi:providers:aws",
                      name: "p",
                      urn: provider.urn,
                      props: propsOf(provider.wire),
                  },
              }
            : {}),
    } as PolicyResource;
}

/** The arguments of `validateStack` for resources. */
export function stackArgs(resources: PolicyResource[], config: Record<string, unknown> = {}): StackValidationArgs {
    return {
        resources,
        getConfig: <T extends object>() => config as T,
        stackTags: new Map() as unknown as StackValidationArgs["stackTags"],
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    } as StackValidationArgs;
}

/** What `notApplicable` throws here, as `@pulumi/policy`'s server has it throw (its own NotApplicableError). */
export class NotApplicable extends Error {
    constructor(public readonly reason?: string) {
        super(`not applicable: ${reason}`);
    }
}

/** A violation reported: the message and the URN it names (stack policies). */
export interface Violation {
    message: string;
    urn?: string;
}

/** A reportViolation that records. */
export function recorder(): { violations: Violation[]; report: ReportViolation } {
    const violations: Violation[] = [];
    return { violations, report: (message: string, urn?: string) => violations.push({ message, urn }) };
}
