/**
 * The component package's provider: serves `MultiRegionDistribution` to Pulumi programs in any
 * language over Pulumi's provider protocol (GetSchema, Construct).
 *
 * It answers GetSchema with the committed `schema.json` and constructs the component class directly,
 * so nothing is compiled or analyzed when a stack runs (the SDK's `componentProviderHost` analyzes the
 * TypeScript source on every start). Before the component sees the inputs, they are made what a
 * TypeScript program would pass (see `wire.ts`), and validation problems are reported per property
 * (`InputPropertiesError`), so that the CLI shows each at the argument it concerns.
 * @packageDocumentation
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import {
    DistributionValidationError,
    MultiRegionDistribution,
    MultiRegionDistributionArgs,
    Problem,
    formatProblem,
    validateArgsResolved,
} from "../../components";
import { markSecretPaths } from "../../components/distribution/multiRegionDistribution";
import { PackageSchema, TOKEN, settingPaths } from "./schema";
import { UNSET, WireProblem, applyUnset, plainInputsAndSecrets, unknownsToOutputs } from "./wire";

export { PACKAGE, TOKEN, PackageSchema, settingPaths } from "./schema";
export { UNSET, applyUnset, plainInputs, plainInputsAndSecrets, unknownsToOutputs } from "./wire";

/**
 * The reason a problem gives at its property: the value (secrets redacted), the rule and the fix.
 * Taken from the problem's line of the component's message (`  - <path>: <reason>`) when there is one,
 * so that the CLI shows the same words (and rule codes) as a TypeScript program gets.
 */
export function problemReason(p: Problem, line?: string): string {
    const prefix = `  - ${p.path}: `;
    const text = line?.startsWith(prefix) ? line : `  - ${formatProblem(p)}`;
    return text.slice(prefix.length);
}

/** The per-property errors of the component's validation error. */
function problemsOf(e: DistributionValidationError): WireProblem[] {
    // The message is a heading and then one line per problem, in the order of `problems`.
    const lines = e.message.split("\n").slice(1);
    return e.problems.map((p, i) => ({ path: p.path, reason: problemReason(p, lines[i]), secret: p.secret }));
}

/**
 * The SDK's error for invalid inputs: a heading, and one property error per problem. The CLI shows the
 * message and then, for each property error, `property <path> with value '<value>' has a problem:
 * <reason>`, the value read from the inputs it sent, where a secret is shown in plain text. So a problem
 * of a secret value is no property error: its line (which shows `[secret]`) is in the message instead, and
 * no problem is listed twice.
 */
export function inputPropertiesError(name: string, problems: readonly WireProblem[]): pulumi.InputPropertiesError {
    const n = problems.length;
    const secret = problems.filter((p) => p.secret === true);
    return new pulumi.InputPropertiesError({
        message:
            `MultiRegionDistribution "${name}" has ${n} invalid setting${n === 1 ? "" : "s"}; nothing was created:` +
            secret.map((p) => `\n  - ${p.path}: ${p.reason}`).join(""),
        errors: problems.filter((p) => p.secret !== true).map((p) => ({ propertyPath: p.path, reason: p.reason })),
    });
}

/** Maps the component's validation error to per-property errors; any other error is returned as it is. */
export function toInputPropertiesError(e: unknown): unknown {
    if (!DistributionValidationError.isInstance(e)) {
        return e;
    }
    return inputPropertiesError(e.componentName, problemsOf(e));
}

/** A provider for the package: the schema it serves and the one component it constructs. */
export class DistributionProvider implements provider.Provider {
    /** The package version, from the schema. */
    public readonly version: string;
    /**
     * The package schema as committed. @pulumi/pulumi 3.142 (the oldest supported) answers GetSchema
     * with this property only (its Provider has no `getSchema`: without it the plugin served `{}`);
     * later versions read it first too.
     */
    public readonly schema: string;
    private readonly outputs: string[];
    private readonly unsetPaths: Set<string>;

    /** @param schemaText the package schema (JSON), as `npm run generate:schema` writes it. */
    constructor(schemaText: string) {
        const schema = JSON.parse(schemaText) as PackageSchema;
        const resource = schema.resources[TOKEN];
        if (!resource?.isComponent) {
            throw new Error(`the schema has no component ${TOKEN}: regenerate it with npm run generate:schema`);
        }
        this.schema = schemaText;
        this.version = schema.version;
        this.outputs = Object.keys(resource.properties);
        this.unsetPaths = settingPaths(schema, [UNSET]);
    }

    /** The schema as committed. */
    public async getSchema(): Promise<string> {
        return this.schema;
    }

    /** Normalizes the inputs, validates them with every value the engine sent, and creates the component. */
    public async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        if (type !== TOKEN) {
            throw new Error(`unknown resource type ${type}; this package has only ${TOKEN}`);
        }
        const plain = await plainInputsAndSecrets(unknownsToOutputs(inputs) as Record<string, unknown>);
        const { inputs: normalized, problems } = applyUnset(plain.inputs, this.unsetPaths, plain.secretRoots);
        const args = normalized as MultiRegionDistributionArgs;
        // The component validates these arguments again (the rules that need the deploying account): the
        // keys of an argument sent as one secret stay hidden there too.
        markSecretPaths(args, plain.secretRoots);
        try {
            // Outputs the engine sends carry their values already (or are unknown, which validation
            // skips), so every problem is found here, before anything is registered.
            await validateArgsResolved(name, args).catch((e: unknown) => {
                if (DistributionValidationError.isInstance(e)) {
                    problems.push(...problemsOf(e));
                    return;
                }
                throw e;
            });
            if (problems.length > 0) {
                throw inputPropertiesError(name, problems);
            }
            const component = new MultiRegionDistribution(name, args, options);
            const state: Record<string, unknown> = {};
            for (const key of this.outputs) {
                state[key] = (component as unknown as Record<string, unknown>)[key];
            }
            return { urn: component.urn, state };
        } catch (e) {
            throw toInputPropertiesError(e);
        }
    }
}

/** Where the plugin's entry point says the schema is, and the arguments the engine started it with. */
export interface ServeOptions {
    /** The path of `schema.json`. */
    schemaFile: string;
    /** The process arguments after the script: the engine's address. */
    args: string[];
}

/**
 * Serves the package: starts the gRPC server on 127.0.0.1 and prints its port, as the engine expects
 * from a plugin. Resolves once the server listens.
 */
export async function serve(options: ServeOptions): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require("@pulumi/pulumi/provider") as typeof provider;
    const prov = new DistributionProvider(fs.readFileSync(options.schemaFile, "utf8"));
    await main(prov, options.args);
}
