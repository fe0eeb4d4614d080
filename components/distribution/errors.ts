import * as pulumi from "@pulumi/pulumi";
import { Problem, formatProblem } from "./validate";

/**
 * The error a {@link MultiRegionDistribution} raises for invalid arguments: every problem at once, each
 * with the path as written, the value received (secrets redacted), the rule with its code (`[kms-key-region]`)
 * and what to do. It is a
 * `pulumi.RunError`, so the Pulumi CLI shows the message without a stack trace.
 */
export class DistributionValidationError extends pulumi.RunError {
    /**
     * The problems, in the order of the arguments: each with its rule's `code` (listed in the package's `RULES`), the path
     * as written, the value (unless secret), the rule and the fix.
     */
    public readonly problems: readonly Problem[];
    /** The name of the component that was rejected. */
    public readonly componentName: string;

    constructor(componentName: string, problems: readonly Problem[]) {
        const n = problems.length;
        super(
            `MultiRegionDistribution "${componentName}" has ${n} invalid setting${n === 1 ? "" : "s"}; nothing was created:\n` +
                problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
        );
        // The SDK prefixes the message of an error that rejects a resource input ("error serializing
        // property ..."), once for every awaiter; the user should see the problems, once.
        const message = this.message;
        Object.defineProperty(this, "message", {
            get: () => message,
            set: () => undefined,
            enumerable: false,
            configurable: true,
        });
        this.name = "DistributionValidationError";
        this.problems = problems;
        this.componentName = componentName;
        Object.setPrototypeOf(this, DistributionValidationError.prototype);
    }

    /** True for a DistributionValidationError, also from another copy of this package. */
    public static override isInstance(obj: unknown): obj is DistributionValidationError {
        return (
            obj instanceof Error &&
            (obj as { name?: string }).name === "DistributionValidationError" &&
            Array.isArray((obj as { problems?: unknown }).problems)
        );
    }
}
