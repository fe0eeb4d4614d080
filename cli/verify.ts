/**
 * `--verify`: asks Image Builder itself whether each planned `CreateDistributionConfiguration`
 * request would be accepted, by sending it with `dryRun: true` to the configuration's home region,
 * signed with the default AWS credential chain. A dry run creates nothing: when the request is valid
 * the service answers `DryRunOperationException`.
 *
 * `@aws-sdk/client-imagebuilder` is an optional peer dependency, loaded only here. Its 3.1046 does not
 * model `dryRun` for this operation, so {@link addDryRun} puts the member into the serialized body
 * before the request is signed; a request that cannot carry it is never sent.
 */
import type * as ImagebuilderSdk from "@aws-sdk/client-imagebuilder";
import { createHash } from "crypto";
import { EXIT, PLACEHOLDER_ACCOUNT, SECRET, UNKNOWN } from "./constants";
import { UsageError } from "./errors";
import type { PlanDocument, PlanRequest } from "./document";
import { Json, contentToken, isObject } from "./json";
import { resolveFrom } from "./load";

/** The package that `--verify` sends requests with. */
export const SDK_PACKAGE = "@aws-sdk/client-imagebuilder";

/** What AWS said of one planned request. */
export type VerificationStatus = "accepted" | "rejected" | "unverified";

/** The result of the dry run of one planned request (the `verification` of a request in `--json`). */
export interface Verification {
    /**
     * `accepted`: AWS answered `DryRunOperationException` (the request is valid and permitted);
     * `rejected`: AWS refused the request (`code` and `message` are AWS's); `unverified`: it could not
     * be asked (no credentials, access denied, network, values unknown before deployment, which are
     * never sent), `message` says why.
     */
    status: VerificationStatus;
    /** AWS's error code (or the SDK's, or the network's), when there is one. */
    code?: string;
    /** AWS's message, or why the request was not verified. */
    message?: string;
    /**
     * The name the request was verified under, when a configuration of its own name exists already
     * (an update, which has no dry run): a temporary name derived from its own. Absent otherwise.
     */
    temporaryName?: string;
}

/** The SDK's module, as much of it as `--verify` uses. */
export type Sdk = Pick<typeof ImagebuilderSdk, "ImagebuilderClient" | "CreateDistributionConfigurationCommand"> &
    Partial<Pick<typeof ImagebuilderSdk, "ImagebuilderServiceException">>;

/**
 * Loads `@aws-sdk/client-imagebuilder`, from the program's directory first, then from this package.
 * @param resolve how to find a module from a directory (the default: Node's resolution).
 * @throws UsageError with the command that installs it, when it cannot be found.
 */
export function loadSdk(
    dir: string,
    resolve: (moduleName: string, dir: string) => string | undefined = resolveFrom,
): Sdk {
    const resolved = resolve(SDK_PACKAGE, dir);
    if (resolved === undefined) {
        throw new UsageError(
            `--verify sends the planned requests with ${SDK_PACKAGE}, an optional peer dependency that is not installed: ` +
                `npm install --save-dev ${SDK_PACKAGE} (in the program's directory or beside this package)`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as Sdk;
}

/** The name of the middleware that adds `dryRun: true` to the body. */
export const DRY_RUN_MIDDLEWARE = "imagebuilderDistributionDryRun";

/** The name of the error that stops a request that cannot carry `dryRun`. */
const NO_DRY_RUN = "DryRunNotSet";

/** A middleware stack, as much of it as {@link addDryRun} uses. */
interface StackLike {
    add(middleware: unknown, options: { step: string; priority?: string; name: string; override?: boolean }): void;
}
interface RequestLike {
    body?: unknown;
    headers: Record<string, string>;
}

/**
 * Sets `dryRun: true` in the serialized JSON body of every request of the client, at the `build` step
 * (after serialization, before the content length is computed and the request is signed, which
 * happens at `finalizeRequest`). The SDK serializes the body as bytes of JSON; a request whose body is
 * not a JSON object is not sent.
 */
export function addDryRun(client: { middlewareStack: StackLike }): void {
    client.middlewareStack.add(
        (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
            const request = args.request as RequestLike;
            const raw = request.body;
            let body: unknown;
            try {
                const text =
                    typeof raw === "string" ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : "";
                body = JSON.parse(text);
            } catch {
                body = undefined;
            }
            if (!isObject(body)) {
                throw Object.assign(new Error("the serialized request has no JSON body to set dryRun in"), {
                    name: NO_DRY_RUN,
                });
            }
            const text = JSON.stringify({ ...body, dryRun: true });
            request.body = text;
            for (const h of Object.keys(request.headers)) {
                if (h.toLowerCase() === "content-length") {
                    request.headers[h] = String(Buffer.byteLength(text));
                }
            }
            return next(args);
        },
        { step: "build", priority: "high", name: DRY_RUN_MIDDLEWARE, override: true },
    );
}

/**
 * The temporary name a request is verified under when a configuration of its name exists: the name,
 * cut to fit, then `-dryrun-` and 8 hex digits of the name's SHA-256. Valid by the model's
 * `ResourceName` pattern (3 to 128 characters) whenever the name is, and never the same name after
 * AWS's normalization.
 */
export function temporaryName(name: string): string {
    const suffix = `-dryrun-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
    return `${name.slice(0, 128 - suffix.length)}${suffix}`;
}

/** The first place in a value that cannot be sent, with what it holds, as `path: why`. */
function unsendable(v: Json | undefined, path: string): string | undefined {
    if (v === UNKNOWN) {
        return `${path} is not known before deployment`;
    }
    if (v === SECRET) {
        return `${path} is a secret the plan cannot see`;
    }
    if (typeof v === "string" && v.includes(PLACEHOLDER_ACCOUNT)) {
        return `${path} holds ${PLACEHOLDER_ACCOUNT}, which stands for the deploying account offline`;
    }
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
            const found = unsendable(v[i], `${path}[${i}]`);
            if (found !== undefined) {
                return found;
            }
        }
    } else if (isObject(v)) {
        for (const k of Object.keys(v).sort()) {
            const found = unsendable(v[k], path === "" ? k : `${path}.${k}`);
            if (found !== undefined) {
                return found;
            }
        }
    }
    return undefined;
}

/**
 * Why a planned request is not sent, or undefined when it can be: its home region is not known
 * offline, or a value of it is not (unknown, secret, or a placeholder the plan stands in with).
 */
export function notSendable(req: Pick<PlanRequest, "homeRegion" | "request">): string | undefined {
    const why = unsendable(req.request, "");
    if (why !== undefined) {
        return `not sent: ${why}`;
    }
    if (req.homeRegion === undefined || req.homeRegion.region === null) {
        return `not sent: the home region is not known offline (${req.homeRegion?.source ?? "not recorded"})`;
    }
    const region = unsendable(req.homeRegion.region, "the home region");
    if (region !== undefined) {
        return `not sent: ${region}`;
    }
    return undefined;
}

/** An error of the SDK, as much as classifying it needs. */
interface SdkError {
    name?: string;
    code?: string;
    message?: string;
    /** Set on the errors of AWS services: `client` or `server`. */
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
}

/** Codes with which AWS refuses the caller rather than the request. */
const ACCESS_CODES = new Set([
    "AccessDeniedException",
    "AccessDenied",
    "ForbiddenException",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "ExpiredToken",
    "ExpiredTokenException",
]);

/** Codes with which AWS says "not now" rather than "not this". */
const TRANSIENT_CODES = new Set([
    // The model's "currently in use: retry later".
    "ResourceInUseException",
    "ServiceException",
    "ServiceUnavailableException",
    "TooManyRequestsException",
    "ThrottlingException",
    "Throttling",
    "CallRateLimitExceededException",
    "InternalFailure",
]);

/** The codes the SDK gives an HTTP answer that carries no AWS error (a proxy's page, a wrong endpoint). */
const NO_AWS_ERROR = new Set(["Unknown", "UnknownError"]);

/**
 * What an error of a dry run means: `DryRunOperationException` is acceptance; refusals of the caller
 * (no credentials, access denied), of the moment (throttling, the service failing) and of the network
 * leave the request unverified; any other answer of Image Builder with an AWS error code rejects it.
 * `fromImageBuilder` is false for an error that is no Image Builder service exception: an AWS error of
 * another service comes from getting credentials (STS for a web identity or a role), anything else with
 * an HTTP status is an answer without an AWS error (a proxy's page); both leave the request unverified.
 */
export function classify(e: unknown, fromImageBuilder = true): Verification {
    const err = (isObject(e) ? e : {}) as SdkError;
    const code = err.name !== undefined && err.name !== "Error" ? err.name : err.code;
    const message = err.message ?? String(e);
    const status = err.$metadata?.httpStatusCode;
    if (code === "DryRunOperationException") {
        return { status: "accepted", code, message };
    }
    if (code === NO_DRY_RUN) {
        return { status: "unverified", message: `not sent: ${message}` };
    }
    if (code === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
        return { status: "unverified", code, message: `no AWS credentials: ${message}` };
    }
    if ((code !== undefined && ACCESS_CODES.has(code)) || status === 401 || status === 403) {
        return { status: "unverified", code, message: `access denied: ${message}` };
    }
    if (status === undefined) {
        const netCode = err.code ?? code;
        return { status: "unverified", code: netCode, message: `network: ${message}` };
    }
    if ((code !== undefined && TRANSIENT_CODES.has(code)) || status >= 500 || status === 429) {
        return { status: "unverified", code, message: `the service could not answer now: ${message}` };
    }
    if (!fromImageBuilder && err.$fault !== undefined) {
        // An error of another AWS service while the SDK got credentials (STS for a web identity or a role).
        return { status: "unverified", code, message: `no AWS credentials: getting them failed: ${message}` };
    }
    if (!fromImageBuilder || code === undefined || NO_AWS_ERROR.has(code)) {
        // An answer that is no AWS error at all: an HTML page that the SDK could not parse, a bare status.
        return {
            status: "unverified",
            code,
            message: `HTTP ${status} without an AWS error, so no answer of Image Builder (a proxy, or AWS_ENDPOINT_URL?): ${message}`,
        };
    }
    return { status: "rejected", code, message };
}

/**
 * How long a dry run may take: to connect, and in all, the SDK's retries included. A stalled endpoint
 * fails it ("network").
 */
export const CONNECTION_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;

/** The request body as the SDK's command takes it (the planned request, without what AWS derives). */
function commandInput(request: Record<string, Json>): ImagebuilderSdk.CreateDistributionConfigurationCommandInput {
    return request as unknown as ImagebuilderSdk.CreateDistributionConfigurationCommandInput;
}

/** Options of {@link verifyPlan}. */
export interface VerifyOptions {
    /** The SDK to send with. */
    sdk: Sdk;
    /** How long one request may take in all, retries included, in ms; default {@link REQUEST_TIMEOUT_MS}. */
    requestTimeoutMs?: number;
}

/**
 * Sends each planned request of a plan with `dryRun: true` to Image Builder in its home region, one
 * after the other, and returns the plan with each request's {@link Verification}. A request whose
 * name exists already (`ResourceAlreadyExistsException`) is sent once more under
 * {@link temporaryName}. Requests that hold values unknown offline are never sent.
 */
export async function verifyPlan(plan: PlanDocument, options: VerifyOptions): Promise<PlanDocument> {
    const timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const clients = new Map<string, InstanceType<Sdk["ImagebuilderClient"]>>();
    const clientFor = (region: string) => {
        let client = clients.get(region);
        if (client === undefined) {
            client = new options.sdk.ImagebuilderClient({
                region,
                requestHandler: {
                    connectionTimeout: CONNECTION_TIMEOUT_MS,
                    requestTimeout: timeoutMs,
                    throwOnRequestTimeout: true,
                },
            });
            addDryRun(client as unknown as { middlewareStack: StackLike });
            clients.set(region, client);
        }
        return client;
    };
    const send = async (region: string, request: Record<string, Json>): Promise<Verification> => {
        try {
            // One deadline for the request and the SDK's retries of it: each attempt has the same bound.
            const created = await clientFor(region).send(
                new options.sdk.CreateDistributionConfigurationCommand(commandInput(request)),
                { abortSignal: AbortSignal.timeout(timeoutMs) },
            );
            const arn = created.distributionConfigurationArn;
            return {
                status: "unverified",
                message: `the service answered with success instead of DryRunOperationException, as if it ignored dryRun: it may have created ${arn ?? "the configuration"}; check the account and delete it`,
            };
        } catch (e) {
            const service = options.sdk.ImagebuilderServiceException;
            return classify(e, service === undefined || e instanceof service);
        }
    };
    const requests: PlanRequest[] = [];
    try {
        for (const req of plan.requests) {
            const why = notSendable(req);
            if (why !== undefined) {
                requests.push({ ...req, verification: { status: "unverified", message: why } });
                continue;
            }
            const region = req.homeRegion?.region as string;
            let verification = await send(region, req.request);
            const name = req.request.name;
            if (verification.code === "ResourceAlreadyExistsException" && typeof name === "string") {
                const temporary = temporaryName(name);
                const rest: Record<string, Json> = { ...req.request, name: temporary };
                delete rest.clientToken;
                const again = await send(region, { ...rest, clientToken: contentToken(rest) });
                verification = {
                    ...again,
                    temporaryName: temporary,
                    message:
                        `${name} exists already (an update, which has no dry run); verified as a new configuration named ${temporary}` +
                        (again.message !== undefined ? `: ${again.message}` : ""),
                };
            }
            requests.push({ ...req, verification });
        }
    } finally {
        for (const client of clients.values()) {
            client.destroy();
        }
    }
    return { ...plan, requests };
}

/**
 * The exit code of a verified plan: {@link EXIT.OK} when every request was accepted,
 * {@link EXIT.INVALID_INPUT} when AWS rejected one, else {@link EXIT.UNVERIFIED} when one could not be
 * verified (a rejection wins).
 */
export function verificationExit(plan: Pick<PlanDocument, "requests">): number {
    const statuses = plan.requests.map((r) => r.verification?.status ?? "unverified");
    if (statuses.includes("rejected")) {
        return EXIT.INVALID_INPUT;
    }
    return statuses.includes("unverified") ? EXIT.UNVERIFIED : EXIT.OK;
}

/** The one-line summary of a verification ("2 accepted, 1 rejected, 1 not verified"). */
export function verificationSummary(plan: Pick<PlanDocument, "requests">): string {
    const count = (s: VerificationStatus) => plan.requests.filter((r) => r.verification?.status === s).length;
    return `${count("accepted")} accepted, ${count("rejected")} rejected, ${count("unverified")} not verified`;
}
