/**
 * `--verify`, in-process, against a local stand-in of Image Builder on 127.0.0.1 (never AWS): every
 * request signed (SigV4, the configuration's home region in the credential scope, the signature over
 * the very body received), `dryRun: true` in every body, each status and its exit code, the retry of an
 * existing configuration under a temporary name, requests that are never sent, and the outputs.
 */
import * as assert from "assert";
import * as net from "net";
import { parseArgs } from "../cli/args";
import { EXIT, PLACEHOLDER_ACCOUNT, SECRET, UNKNOWN } from "../cli/constants";
import { PlanDocument, PlanRequest, formatJson, parsePlanDocument } from "../cli/document";
import { styles } from "../cli/human";
import { Json, contentToken } from "../cli/json";
import { renderMarkdown } from "../cli/markdown";
import { UsageError } from "../cli/errors";
import {
    SDK_PACKAGE,
    Verification,
    classify,
    loadSdk,
    notSendable,
    temporaryName,
    verificationExit,
    verifyPlan,
} from "../cli/verify";
import { renderVerificationHuman, renderVerificationMarkdown } from "../cli/verifyRender";
import { FAKE_CREDENTIALS, StandIn, awsEnv, closedPort, startStandIn, withEnv } from "./imagebuilderStandIn";
import { checkRequest, loadModel } from "./modelCheck";

const model = loadModel();

/** A planned request of a configuration `name` living in `region`. */
function planned(name: string, region: string | null, extra: Record<string, Json> = {}): PlanRequest {
    const body: Record<string, Json> = {
        name,
        distributions: [
            { region: region ?? "us-east-1", amiDistributionConfiguration: { name: "a-{{ imagebuilder:buildDate }}" } },
        ],
        ...extra,
    };
    return {
        resource: `urn:pulumi:dev::p::imagebuilder-distribution:index:MultiRegionDistribution$aws:imagebuilder/distributionConfiguration:DistributionConfiguration::${name}`,
        operation: "CreateDistributionConfiguration",
        backend: "aws",
        homeRegion: { region, source: region === null ? "provider default" : "region input" },
        request: { ...body, clientToken: contentToken(body) },
    };
}

const planOf = (...requests: PlanRequest[]): PlanDocument => ({ stack: "dev", resources: [], requests, outputs: {} });

describe("verify: dry runs against a stand-in of Image Builder", function () {
    this.timeout(60_000);
    let standIn: StandIn;
    const sdk = loadSdk(process.cwd());
    const verify = (plan: PlanDocument, env: NodeJS.ProcessEnv = awsEnv(standIn.url)) =>
        withEnv(env, () => verifyPlan(plan, { sdk }));

    beforeEach(async () => {
        standIn = await startStandIn();
    });
    afterEach(async () => {
        await standIn.close();
    });

    it("sends each request signed, with dryRun: true, to its home region, and accepts DryRunOperationException", async () => {
        const plan = planOf(planned("web-golden", "eu-west-1"), planned("windows", "us-east-2"));
        const verified = await verify(plan);
        assert.deepStrictEqual(
            verified.requests.map((r) => r.verification?.status),
            ["accepted", "accepted"],
        );
        assert.strictEqual(standIn.requests.length, 2);
        assert.deepStrictEqual(
            standIn.requests.map((r) => [r.method, r.url, r.scope?.region, r.scope?.service, r.scope?.accessKeyId]),
            [
                ["PUT", "/CreateDistributionConfiguration", "eu-west-1", "imagebuilder", FAKE_CREDENTIALS.accessKeyId],
                ["PUT", "/CreateDistributionConfiguration", "us-east-2", "imagebuilder", FAKE_CREDENTIALS.accessKeyId],
            ],
        );
        for (const [i, r] of standIn.requests.entries()) {
            // The signature covers the body as received, and that body carries dryRun.
            assert.ok(r.signatureValid, `request ${i}: the signature does not match the body received`);
            assert.strictEqual(r.body?.dryRun, true);
            // Otherwise it is exactly the planned request, valid by AWS's model.
            const { dryRun, ...rest } = r.body ?? {};
            void dryRun;
            assert.deepStrictEqual(rest, plan.requests[i].request);
            assert.deepStrictEqual(checkRequest(model, "CreateDistributionConfiguration", r.body), []);
        }
        assert.strictEqual(verificationExit(verified), EXIT.OK);
    });

    it("reports AWS's code and message when it rejects a request, and exits 1 even when another is unverified", async () => {
        standIn.answer = (r) =>
            r.body?.name === "bad"
                ? {
                      status: 400,
                      errorType: "InvalidParameterValueException",
                      message:
                          "The value supplied for parameter 'distributions[0].amiDistributionConfiguration.name' is not valid.",
                  }
                : { status: 412, errorType: "DryRunOperationException", message: "dry run" };
        const verified = await verify(
            planOf(planned("good", "eu-west-1"), planned("bad", "eu-west-1"), planned("later", null)),
        );
        const [good, bad, later] = verified.requests.map((r) => r.verification as Verification);
        assert.strictEqual(good.status, "accepted");
        assert.deepStrictEqual(bad, {
            status: "rejected",
            code: "InvalidParameterValueException",
            message:
                "The value supplied for parameter 'distributions[0].amiDistributionConfiguration.name' is not valid.",
        });
        assert.strictEqual(later.status, "unverified");
        assert.strictEqual(verificationExit(verified), EXIT.INVALID_INPUT);
    });

    it("leaves requests unverified when access is denied, and exits 3", async () => {
        standIn.answer = () => ({
            status: 403,
            errorType: "AccessDeniedException",
            message: "User is not authorized to perform: imagebuilder:CreateDistributionConfiguration",
        });
        const verified = await verify(planOf(planned("web", "eu-west-1")));
        const v = verified.requests[0].verification as Verification;
        assert.strictEqual(v.status, "unverified");
        assert.strictEqual(v.code, "AccessDeniedException");
        assert.match(v.message ?? "", /^access denied: .*imagebuilder:CreateDistributionConfiguration/);
        assert.strictEqual(verificationExit(verified), EXIT.UNVERIFIED);
    });

    it("leaves requests unverified without credentials, and sends nothing", async () => {
        const verified = await verify(planOf(planned("web", "eu-west-1")), awsEnv(standIn.url, { credentials: false }));
        const v = verified.requests[0].verification as Verification;
        assert.strictEqual(v.status, "unverified");
        assert.match(v.message ?? "", /^no AWS credentials: /);
        assert.strictEqual(standIn.requests.length, 0);
        assert.strictEqual(verificationExit(verified), EXIT.UNVERIFIED);
    });

    it("leaves requests unverified when the network fails", async () => {
        const verified = await verify(
            planOf(planned("web", "eu-west-1")),
            awsEnv(`http://127.0.0.1:${await closedPort()}`),
        );
        const v = verified.requests[0].verification as Verification;
        assert.strictEqual(v.status, "unverified");
        assert.match(v.message ?? "", /^network: /);
        assert.strictEqual(v.code, "ECONNREFUSED");
    });

    it("gives up on an endpoint that never answers, and goes on with the next request", async () => {
        const silent = net.createServer(() => undefined);
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        silent.unref();
        const port = (silent.address() as net.AddressInfo).port;
        try {
            const t0 = Date.now();
            // The SDK retries a timed-out attempt: the deadline holds for the request and its retries.
            const verified = await withEnv({ ...awsEnv(`http://127.0.0.1:${port}`), AWS_MAX_ATTEMPTS: "3" }, () =>
                verifyPlan(planOf(planned("a", "eu-west-1"), planned("b", "eu-west-1")), {
                    sdk,
                    requestTimeoutMs: 500,
                }),
            );
            assert.deepStrictEqual(
                verified.requests.map((r) => [
                    r.verification?.status,
                    /^network: /.test(r.verification?.message ?? ""),
                ]),
                [
                    ["unverified", true],
                    ["unverified", true],
                ],
            );
            const elapsed = Date.now() - t0;
            assert.ok(elapsed < 2_500, `each request had 500 ms in all, retries included: ${elapsed} ms for two`);
        } finally {
            silent.close();
        }
    });

    it("calls an HTTP answer without an AWS error no rejection: a proxy's page, a wrong endpoint", async () => {
        for (const [answer, status] of [
            [{ status: 404, message: "not here" }, 404],
            [{ status: 400, html: "<html><body>Blocked by the proxy</body></html>" }, 400],
            [{ status: 403, html: "<html><body>Sign in to the network</body></html>" }, 403],
        ] as const) {
            standIn.answer = () => answer;
            const verified = await verify(planOf(planned("web", "eu-west-1")));
            const v = verified.requests[0].verification as Verification;
            assert.strictEqual(v.status, "unverified", JSON.stringify(v));
            // A 403 is refused access, whoever answers; the others are no answer of Image Builder.
            assert.match(
                v.message ?? "",
                status === 403 ? /^access denied: / : new RegExp(`^HTTP ${status} without an AWS error`),
            );
            assert.strictEqual(verificationExit(verified), EXIT.UNVERIFIED);
        }
    });

    it("never sends values that are not known offline: unknown, secret, the placeholder account, no home region", async () => {
        const plan = planOf(
            planned("unknown", "eu-west-1", { description: UNKNOWN }),
            planned("secret", "eu-west-1", { tags: { CostCenter: SECRET } }),
            planned("account", "eu-west-1", {
                distributions: [
                    { region: "eu-west-1", amiDistributionConfiguration: { targetAccountIds: [PLACEHOLDER_ACCOUNT] } },
                ],
            }),
            planned("nowhere", null),
        );
        const verified = await verify(plan);
        assert.strictEqual(standIn.requests.length, 0);
        assert.deepStrictEqual(
            verified.requests.map((r) => r.verification),
            [
                { status: "unverified", message: "not sent: description is not known before deployment" },
                { status: "unverified", message: "not sent: tags.CostCenter is a secret the plan cannot see" },
                {
                    status: "unverified",
                    message: `not sent: distributions[0].amiDistributionConfiguration.targetAccountIds[0] holds ${PLACEHOLDER_ACCOUNT}, which stands for the deploying account offline`,
                },
                { status: "unverified", message: "not sent: the home region is not known offline (provider default)" },
            ],
        );
        assert.strictEqual(notSendable(planned("fine", "eu-west-1")), undefined);
    });

    it("verifies an existing configuration again under a temporary name derived from its own", async () => {
        standIn.answer = (r) =>
            r.body?.name === "web-golden"
                ? {
                      status: 400,
                      errorType: "ResourceAlreadyExistsException",
                      message: "The distribution configuration web-golden already exists.",
                  }
                : { status: 412, errorType: "DryRunOperationException", message: "dry run" };
        const verified = await verify(planOf(planned("web-golden", "eu-west-1")));
        const v = verified.requests[0].verification as Verification;
        const temporary = temporaryName("web-golden");
        assert.strictEqual(v.status, "accepted");
        assert.strictEqual(v.temporaryName, temporary);
        assert.match(
            v.message ?? "",
            /web-golden exists already .* verified as a new configuration named web-golden-dryrun-[0-9a-f]{8}/,
        );
        assert.deepStrictEqual(
            standIn.requests.map((r) => [r.body?.name, r.body?.dryRun, r.scope?.region, r.signatureValid]),
            [
                ["web-golden", true, "eu-west-1", true],
                [temporary, true, "eu-west-1", true],
            ],
        );
        // The retried request is the planned one under the other name, with a client token of its own.
        const second = standIn.requests[1].body as Record<string, Json>;
        const { clientToken, dryRun, ...rest } = second;
        void dryRun;
        assert.strictEqual(clientToken, contentToken(rest));
        assert.notStrictEqual(clientToken, verified.requests[0].request.clientToken);
        assert.strictEqual(verificationExit(verified), EXIT.OK);
    });

    it("says when the temporary name is refused as well", async () => {
        standIn.answer = () => ({ status: 400, errorType: "ResourceAlreadyExistsException", message: "exists" });
        const verified = await verify(planOf(planned("web-golden", "eu-west-1")));
        const v = verified.requests[0].verification as Verification;
        assert.strictEqual(v.status, "rejected");
        assert.strictEqual(v.code, "ResourceAlreadyExistsException");
        assert.match(v.message ?? "", /^web-golden exists already .*: exists$/);
        assert.strictEqual(standIn.requests.length, 2);
    });
});

describe("verify: pure parts", () => {
    const pattern = new RegExp(model.shapes.ResourceName.pattern as string);

    it("derives temporary names that the model accepts, from short and longest names alike", () => {
        for (const name of ["abc", "web-golden", "Web Golden_AMI", "x".repeat(128), `a${" b".repeat(60)}c`]) {
            assert.ok(pattern.test(name), name);
            const t = temporaryName(name);
            assert.ok(pattern.test(t), `${t} is no valid name`);
            assert.ok(t.length <= 128);
            assert.notStrictEqual(t.toLowerCase(), name.toLowerCase());
            assert.strictEqual(t, temporaryName(name), "the same name gives the same temporary name");
        }
        assert.notStrictEqual(temporaryName("a".repeat(128)), temporaryName(`${"a".repeat(127)}b`));
    });

    it("classifies the answers of AWS and failures before it", () => {
        const aws = (name: string, status: number) =>
            Object.assign(new Error(`m ${name}`), { name, $metadata: { httpStatusCode: status } });
        const table: [unknown, Verification["status"], RegExp][] = [
            [aws("DryRunOperationException", 412), "accepted", /^m /],
            [aws("InvalidParameterValueException", 400), "rejected", /^m /],
            [aws("ResourceInUseException", 400), "unverified", /^the service could not answer now: /],
            [aws("ServiceQuotaExceededException", 402), "rejected", /^m /],
            // An HTTP answer without an AWS error: a proxy's page, a wrong endpoint.
            [aws("UnknownError", 404), "unverified", /^HTTP 404 without an AWS error/],
            [aws("Unknown", 400), "unverified", /^HTTP 400 without an AWS error/],
            [aws("ForbiddenException", 403), "unverified", /^access denied: /],
            [aws("UnrecognizedClientException", 400), "unverified", /^access denied: /],
            [aws("ServiceUnavailableException", 503), "unverified", /^the service could not answer now: /],
            [aws("ThrottlingException", 400), "unverified", /^the service could not answer now: /],
            [
                Object.assign(new Error("Could not load credentials from any providers"), {
                    name: "CredentialsProviderError",
                }),
                "unverified",
                /^no AWS credentials: /,
            ],
            [
                Object.assign(new Error("getaddrinfo ENOTFOUND imagebuilder.x"), { code: "ENOTFOUND" }),
                "unverified",
                /^network: /,
            ],
        ];
        for (const [error, status, message] of table) {
            const v = classify(error);
            assert.strictEqual(v.status, status, String(error));
            assert.match(v.message ?? "", message);
        }
        // STS's answer while the SDK gets credentials (a web identity, a role) rejects no request.
        const sts = classify(Object.assign(aws("InvalidIdentityTokenException", 400), { $fault: "client" }), false);
        assert.strictEqual(sts.status, "unverified");
        assert.match(sts.message ?? "", /^no AWS credentials: getting them failed: m /);
        assert.strictEqual(classify(aws("InvalidIdentityTokenException", 400)).status, "rejected");
        // A page the SDK could not parse is no AWS error, from whichever service.
        const page = classify(
            Object.assign(new SyntaxError("Unexpected token '<'"), { $metadata: { httpStatusCode: 400 } }),
            false,
        );
        assert.strictEqual(page.status, "unverified");
        assert.match(page.message ?? "", /^HTTP 400 without an AWS error/);
    });

    it("sends nothing to a home region that is secret", () => {
        const req = planned("c", "eu-west-1");
        assert.match(
            notSendable({ ...req, homeRegion: { ...req.homeRegion!, region: SECRET } }) ?? "",
            /^not sent: the home region is a secret the plan cannot see/,
        );
        assert.strictEqual(notSendable(req), undefined);
    });

    it("exits 0 when all are accepted, 1 when one is rejected (over 3), 3 when one is unverified", () => {
        const withStatus = (...s: Verification["status"][]) =>
            planOf(...s.map((status, i) => ({ ...planned(`c${i}`, "eu-west-1"), verification: { status } })));
        assert.strictEqual(verificationExit(withStatus("accepted", "accepted")), 0);
        assert.strictEqual(verificationExit(withStatus("accepted", "unverified")), 3);
        assert.strictEqual(verificationExit(withStatus("unverified", "rejected", "accepted")), 1);
        assert.strictEqual(verificationExit(withStatus()), 0);
    });

    it("takes --verify as a flag", () => {
        assert.strictEqual(parseArgs(["dir", "--verify"]).verify, true);
        assert.strictEqual(parseArgs(["dir"]).verify, false);
        assert.throws(
            () => parseArgs(["--verify=yes"]),
            (e: unknown) => e instanceof UsageError,
        );
    });

    it("says how to install the SDK when it is missing", () => {
        assert.throws(
            () => loadSdk("/nowhere", () => undefined),
            (e: unknown) =>
                e instanceof UsageError &&
                e.message.includes(`npm install --save-dev ${SDK_PACKAGE}`) &&
                e.message.includes("--verify"),
        );
    });

    it("shows each result in every output form", () => {
        const plan = planOf(
            {
                ...planned("good", "eu-west-1"),
                verification: { status: "accepted", code: "DryRunOperationException", message: "ok" },
            },
            {
                ...planned("bad", "us-east-2"),
                verification: {
                    status: "rejected",
                    code: "InvalidParameterValueException",
                    message: "The value is not valid.",
                },
            },
            {
                ...planned("later", null),
                verification: {
                    status: "unverified",
                    message: "not sent: the home region is not known offline (provider default)",
                },
            },
            {
                ...planned("existing", "eu-west-1"),
                verification: {
                    status: "accepted",
                    temporaryName: temporaryName("existing"),
                    message: "existing exists already",
                },
            },
        );
        const human = renderVerificationHuman(plan, styles(false));
        assert.deepStrictEqual(human.split("\n"), [
            "Verification against AWS: 2 accepted, 1 rejected, 1 not verified",
            "Requests go with dryRun: true to Image Builder in their home region, where AWS checks them and creates nothing; values not known offline are never sent.",
            "  accepted      good (eu-west-1)",
            "  rejected      bad (us-east-2): InvalidParameterValueException: The value is not valid.",
            "  not verified  later (home region not known): not sent: the home region is not known offline (provider default)",
            `  accepted      existing (eu-west-1): verified under the temporary name ${temporaryName("existing")}: the configuration exists already (an update, which has no dry run)`,
        ]);
        const md = renderMarkdown(plan, { verifySection: renderVerificationMarkdown(plan) });
        assert.match(md, /#### Verification against AWS\n\n\*\*2 accepted, 1 rejected, 1 not verified\.\*\*/);
        assert.match(
            md,
            /\| `bad` \| `us-east-2` \| ❌ rejected \| InvalidParameterValueException: The value is not valid\. \|/,
        );
        assert.match(md, /\| `later` \| `home region not known` \| ⚠️ not verified \| not sent: /);
        assert.match(md, /then verified by AWS with dry runs/);
        assert.doesNotMatch(renderMarkdown(planOf(planned("x", "eu-west-1"))), /Verification|verified by AWS/);
        const json = JSON.parse(formatJson(plan)) as { requests: { verification: unknown }[] };
        assert.deepStrictEqual(json.requests[1].verification, {
            code: "InvalidParameterValueException",
            message: "The value is not valid.",
            status: "rejected",
        });
        // A verified plan saved with --json can be the base of --diff.
        assert.strictEqual(parsePlanDocument(formatJson(plan), "saved.json").requests.length, 4);
        assert.ok(
            !(
                "verification" in
                (JSON.parse(formatJson(planOf(planned("x", "eu-west-1")))) as { requests: object[] }).requests[0]
            ),
        );
    });
});
