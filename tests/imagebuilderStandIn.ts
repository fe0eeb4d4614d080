/**
 * A local stand-in of EC2 Image Builder for the `--verify` tests: an HTTP server on 127.0.0.1 that
 * speaks the service's restJson protocol for `PUT /CreateDistributionConfiguration` (AWS's model in
 * `model/`), checks the SigV4 signature of each request with the test's fake secret key, and answers
 * as the test asks. It records every request; it never forwards anything, and it closes by itself
 * when the test forgets to (after a minute, without keeping the process alive).
 */
import { createHash, createHmac } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";

/** The fake credentials the tests sign with. */
export const FAKE_CREDENTIALS = { accessKeyId: "AKIDSTANDIN0000TEST", secretAccessKey: "standin/secret+key0000TEST" };

/** One request the stand-in received. */
export interface ReceivedRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    /** The raw body. */
    text: string;
    /** The body parsed as JSON (undefined when it is not). */
    body: Record<string, unknown> | undefined;
    /** The region and service of the SigV4 credential scope (undefined when not signed). */
    scope?: { accessKeyId: string; region: string; service: string };
    /** Whether the signature is the one the fake secret key gives over this very method, path, headers and body. */
    signatureValid: boolean;
}

/** How the stand-in answers: an HTTP status, an error type (`x-amzn-errortype`) and a message. */
export interface Answer {
    status: number;
    errorType?: string;
    message?: string;
    body?: unknown;
    /** A page instead of JSON (what a proxy answers), sent as text/html. */
    html?: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

/** Checks a SigV4 `Authorization` header against the request, with the fake secret key. */
function checkSignature(
    req: Pick<ReceivedRequest, "method" | "url" | "headers" | "text">,
): Pick<ReceivedRequest, "scope" | "signatureValid"> {
    const auth = req.headers.authorization ?? "";
    const m =
        /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
            auth,
        );
    if (!m) {
        return { signatureValid: false };
    }
    const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const [pathPart, query = ""] = req.url.split("?");
    const headerLines = signedHeaders
        .split(";")
        .map(
            (h) =>
                `${h}:${String(req.headers[h] ?? "")
                    .trim()
                    .replace(/\s+/g, " ")}\n`,
        )
        .join("");
    const canonical = [req.method, pathPart, query, headerLines, signedHeaders, sha256(req.text)].join("\n");
    const scope = `${date}/${region}/${service}/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const key = hmac(
        hmac(hmac(hmac(`AWS4${FAKE_CREDENTIALS.secretAccessKey}`, date), region), service),
        "aws4_request",
    );
    const expected = createHmac("sha256", key).update(toSign).digest("hex");
    return { scope: { accessKeyId, region, service }, signatureValid: expected === signature };
}

/** The usual answer: a dry run is accepted, anything else is a request that must never come. */
export function acceptDryRuns(req: ReceivedRequest): Answer {
    if (req.body?.dryRun !== true) {
        return { status: 200, body: { requestId: "created-for-real" } };
    }
    return {
        status: 412,
        errorType: "DryRunOperationException",
        message: "Request would have succeeded, but DryRun flag is set.",
    };
}

/** A running stand-in. */
export interface StandIn {
    /** `http://127.0.0.1:<port>` */
    url: string;
    requests: ReceivedRequest[];
    /** How the next requests are answered. */
    answer: (req: ReceivedRequest) => Answer;
    close(): Promise<void>;
}

/** Starts a stand-in on 127.0.0.1 (a free port). */
export async function startStandIn(answer: (req: ReceivedRequest) => Answer = acceptDryRuns): Promise<StandIn> {
    const requests: ReceivedRequest[] = [];
    const standIn = { requests, answer } as StandIn;
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: Record<string, unknown> | undefined;
            try {
                body = JSON.parse(text) as Record<string, unknown>;
            } catch {
                body = undefined;
            }
            const base = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, text, body };
            const received: ReceivedRequest = { ...base, ...checkSignature(base) };
            requests.push(received);
            const a =
                req.method === "PUT" && req.url === "/CreateDistributionConfiguration"
                    ? standIn.answer(received)
                    : { status: 404, errorType: "UnknownOperationException", message: `no ${req.method} ${req.url}` };
            if (a.html !== undefined) {
                res.writeHead(a.status, { "content-type": "text/html" });
                res.end(a.html);
                return;
            }
            const headers: Record<string, string> = { "content-type": "application/json" };
            if (a.errorType !== undefined) {
                headers["x-amzn-errortype"] = a.errorType;
            }
            res.writeHead(a.status, headers);
            res.end(JSON.stringify(a.body ?? (a.message !== undefined ? { message: a.message } : {})));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const stop = setTimeout(() => server.close(), 60_000);
    stop.unref();
    server.unref();
    standIn.url = `http://127.0.0.1:${port}`;
    standIn.close = () =>
        new Promise<void>((resolve) => {
            clearTimeout(stop);
            server.closeAllConnections();
            server.close(() => resolve());
        });
    return standIn;
}

/** A port on 127.0.0.1 where nothing listens (for the network failure). */
export async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/**
 * The environment the AWS SDK reads for `--verify` in the tests: the fake credentials (or none), the
 * stand-in's endpoint, empty shared config and credentials files (never the machine's `~/.aws`), no
 * instance metadata, one attempt per request. Every other `AWS_*` variable is removed.
 */
export function awsEnv(
    endpoint: string,
    options: { credentials?: boolean } = {},
    base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-aws-"));
    const empty = path.join(dir, "empty");
    fs.writeFileSync(empty, "");
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(base)) {
        if (!k.startsWith("AWS_")) {
            env[k] = v;
        }
    }
    Object.assign(env, {
        AWS_CONFIG_FILE: empty,
        AWS_SHARED_CREDENTIALS_FILE: empty,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_MAX_ATTEMPTS: "1",
        AWS_ENDPOINT_URL_IMAGEBUILDER: endpoint,
    });
    if (options.credentials !== false) {
        env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
        env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
    }
    return env;
}

/** Runs `fn` with `process.env` replaced by `env`, and puts the environment back afterwards. */
export async function withEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) {
        delete process.env[k];
    }
    Object.assign(process.env, env);
    try {
        return await fn();
    } finally {
        for (const k of Object.keys(process.env)) {
            delete process.env[k];
        }
        Object.assign(process.env, saved);
    }
}
