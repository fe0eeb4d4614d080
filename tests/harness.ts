/**
 * Pulumi mock-runtime harness for the tests: records every registered resource (type, name, URN,
 * parent, provider, exact inputs) and every invoke, and throws on any invoke it does not expect.
 *
 * Call {@link setupMocks} before the component module is loaded in a test file (the tests `require`
 * the component after it), and again in `beforeEach` to start from an empty record.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource, as the engine would see it. */
export interface RegisteredResource {
    type: string;
    name: string;
    urn: string;
    /** The parent's URN, when there is one. */
    parent?: string;
    /** The provider reference (`urn::id`), when one was passed. */
    provider?: string;
    custom: boolean;
    /** The inputs exactly as serialized (secrets keep their secret wrapper). */
    inputs: Record<string, unknown>;
    /**
     * The inputs as the engine receives them, before the SDK deserializes them: a secret or unknown value
     * is marked where it is (deserializing moves a nested secret's mark up to the top-level input).
     */
    wire: Record<string, unknown>;
}

/** What a harness records. */
export interface Harness {
    resources: RegisteredResource[];
    calls: pulumi.runtime.MockCallArgs[];
    outputs: Map<string, Record<string, unknown>>;
    /** The resources of a type. */
    ofType(type: string): RegisteredResource[];
    /** The one resource of a type; fails when there is not exactly one. */
    one(type: string): RegisteredResource;
}

/** The account id the getCallerIdentity mock answers with. */
export const CALLER_ACCOUNT = "999988887777";

/** Options of the harness. */
export interface MockOptions {
    preview?: boolean;
    project?: string;
    stack?: string;
}

/** The serialized form of a secret value in recorded inputs. */
export const SECRET_SIG: string = pulumi.runtime.specialSecretSig;

/** True when a recorded input value is a secret. */
export function isSecretValue(v: unknown): boolean {
    return (
        typeof v === "object" &&
        v !== null &&
        (v as Record<string, unknown>)[pulumi.runtime.specialSigKey] === SECRET_SIG
    );
}

/** A recorded value with secret wrappers removed (deeply). */
export function unsecret(v: unknown): unknown {
    if (isSecretValue(v)) {
        return unsecret((v as { value: unknown }).value);
    }
    if (Array.isArray(v)) {
        return v.map(unsecret);
    }
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsecret(x)]));
    }
    return v;
}

/** Installs Pulumi's mocks and returns the recorder. */
export function setupMocks(options: MockOptions = {}): Harness {
    const h: Harness = {
        resources: [],
        calls: [],
        outputs: new Map(),
        ofType: (type) => h.resources.filter((r) => r.type === type),
        one: (type) => {
            const found = h.ofType(type);
            if (found.length !== 1) {
                throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
            }
            return found[0];
        },
    };
    void pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const state: Record<string, unknown> = { ...unsecretTop(args.inputs) };
                if (args.type.endsWith("DistributionConfiguration")) {
                    const name = unsecret(args.inputs.name) as string;
                    state.arn = `arn:aws:imagebuilder:us-east-1:${CALLER_ACCOUNT}:distribution-configuration/${String(name).toLowerCase()}`;
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => {
                h.calls.push(args);
                if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                    return {
                        accountId: CALLER_ACCOUNT,
                        arn: `arn:aws:iam::${CALLER_ACCOUNT}:user/test`,
                        userId: "AIDTEST",
                        id: CALLER_ACCOUNT,
                    };
                }
                if (args.token === "aws-native:index:getAccountId") {
                    return { accountId: CALLER_ACCOUNT };
                }
                throw new Error(`unexpected invoke ${args.token} ${JSON.stringify(args.inputs)}`);
            },
        },
        options.project ?? "project",
        options.stack ?? "stack",
        options.preview ?? false,
    );
    // Record what the mock arguments leave out: the parent and the URN.
    const monitor = (pulumi.runtime as unknown as { getMonitor(): Record<string, unknown> }).getMonitor() as {
        registerResource(req: unknown, cb: (err: unknown, resp: unknown) => void): Promise<void>;
        registerResourceOutputs(req: unknown, cb: (err: unknown, resp: unknown) => void): void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: unknown, cb: (err: unknown, resp: unknown) => void) => {
        const r = req as {
            getType(): string;
            getName(): string;
            getParent(): string;
            getProvider(): string;
            getCustom(): boolean;
            getObject(): { toJavaScript(): Record<string, unknown> };
        };
        return register(req, (err, resp) => {
            if (!err) {
                h.resources.push({
                    type: r.getType(),
                    name: r.getName(),
                    urn: (resp as { getUrn(): string }).getUrn(),
                    parent: r.getParent() || undefined,
                    provider: r.getProvider() || undefined,
                    custom: r.getCustom(),
                    inputs: pulumi.runtime.deserializeProperties(r.getObject() as never, true) as Record<
                        string,
                        unknown
                    >,
                    wire: r.getObject().toJavaScript(),
                });
            }
            cb(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: unknown, cb: (err: unknown, resp: unknown) => void) => {
        const r = req as { getUrn(): string; getOutputs(): unknown };
        h.outputs.set(
            r.getUrn(),
            pulumi.runtime.deserializeProperties(r.getOutputs() as never, true) as Record<string, unknown>,
        );
        registerOutputs(req, cb);
    };
    return h;
}

function unsecretTop(inputs: Record<string, unknown>): Record<string, unknown> {
    return unsecret(inputs) as Record<string, unknown>;
}

/** The value of an Output (undefined when it is unknown). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return (o as unknown as { promise(): Promise<T> }).promise();
}

/** Whether an Output is known. */
export function isKnown(o: pulumi.Output<unknown>): Promise<boolean> {
    return (o as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/** Waits until the mock runtime has registered everything that is pending. */
export async function settle(ms = 50): Promise<void> {
    for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, ms));
    }
}

/**
 * Runs `body` while collecting unhandled rejections (as Pulumi reports a rejected resource input)
 * instead of letting the test runner fail on them.
 */
export async function catchingRejections(body: () => Promise<void> | void, wait = 50): Promise<unknown[]> {
    const caught: unknown[] = [];
    const previous = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const listener = (reason: unknown) => {
        if (!caught.includes(reason)) {
            caught.push(reason);
        }
    };
    process.on("unhandledRejection", listener);
    try {
        await body();
        await settle(wait);
    } finally {
        process.removeListener("unhandledRejection", listener);
        for (const l of previous) {
            process.on("unhandledRejection", l as (...args: unknown[]) => void);
        }
    }
    return caught;
}

/** A resource of another stack part whose `arn` output is unknown during preview (the mock gives no state). */
export class ForeignKey extends pulumi.CustomResource {
    declare public readonly arn: pulumi.Output<string>;
    constructor(name: string) {
        super("test:index:ForeignKey", name, { arn: undefined }, {});
    }
}
