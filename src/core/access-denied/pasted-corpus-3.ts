/**
 * A third, independent corpus of pasted errors (issue 18), collected before explain was changed
 * for it: no source URL of pasted-corpus.ts or pasted-corpus-2.ts repeats here. It leans on what
 * the first two under-cover: SCP and boundary denials, resource-based policies, stream errors,
 * credentials in many SDKs' words (PHP, Ruby, Go, Swift, .NET, XML bodies), wrappers (Claude Code,
 * Cline, LiteLLM, LangChain, Vercel AI SDK, Dify) and deploy errors. Each text is copied from the
 * public issue or pull request in `source` as the search tool showed it (truncations, Markdown and
 * odd spacing kept). `cause` and `layer` were judged from the text, the thread's resolution and
 * AWS's documentation, not from what explain says; `action` is the IAM action the failed call
 * needs when the paste names the operation or action.
 * Test data only: pasted-corpus-3.test.ts scores explain on it, per family.
 */
import type { PastedError } from './pasted-corpus.js'

const r = String.raw

export const PASTED_CORPUS_3: readonly PastedError[] = [
  // ── Organizations: SCP denials of Bedrock (region locks that break cross-region inference) ──────
  {
    source: 'https://github.com/aws-solutions/aws-control-tower-customizations/issues/211',
    cause: 'scp-deny',
    layer: 'scp',
    action: 'bedrock:InvokeModel',
    text: r`Receiving the following error when trying to implement Bedrock due to the GRREGIONDENY SCP :
"User: arn:aws:sts::123456789012:assumed-role/AmazonBedrockExecutionRoleForAgents_ABCD1234567/BedrockAgents-xxxxxx is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:<region>::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0 with an explicit deny in a service control policy"`
  },
  {
    source: 'https://github.com/aws-samples/sample-badgers/issues/33',
    cause: 'scp-deny',
    layer: 'scp',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`Force stopped: An error occurred (AccessDeniedException) when calling the ConverseStream operation: User: arn:aws:sts::{account-id}:assumed-role/badgers-agent-ws-role-{id}/BedrockAgentCore-{id} is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a service control policy: arn:aws:organizations::{org-id}:policy/o-{id}/service_control_policy/p-{id}`
  },
  {
    source: 'https://github.com/aws-samples/recorded-voice-insight-extraction-webapp/issues/4',
    cause: 'scp-deny',
    layer: 'scp',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`Exception: Error: Internal server error: An error occurred (AccessDeniedException) when calling the ConverseStream operation: User: arn:aws:sts::047XXXXXX:assumed-role/review-app-ep-reviewappep-reviewappepKBQueryLambdaR-O9WNvBtgDQsC/review-app-ep-KBQueryLambda is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:**eu-west-3**::foundation-model/amazon.nova-pro-v1:0 with an explicit deny in a service control policy`
  },
  {
    source: 'https://github.com/anthropics/claude-code/issues/119',
    cause: 'scp-deny',
    layer: 'scp',
    action: 'bedrock:InvokeModelWithResponseStream',
    text:
      r`  ⎿  API Error: 403 {"Message":"User: arn:aws:sts::12345677890:assumed-role/AWSReservedSSO_ps-global-admin_a7a/abc[at]domain.com is not authorized to perform: bedrock:InvokeModelWithResponseStream on 
resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0 with an explicit deny in a service control policy"}` + '\\'
  },

  // ── Permissions boundary, resource-based policy, identity policy (other services) ──────────────
  {
    source: 'https://github.com/nebari-dev/nebari/issues/2152',
    cause: 'permissions-boundary',
    layer: 'boundary',
    text: r`[terraform]: │ Error: error creating role: UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:iam::***:user/**** is not authorized to perform: ec2:CreateRole on resource: ***
 because no permissions boundary allows the ec2:CreateRole action.
...
[terraform]: │  status code: 403, request id: 6bcc1ed4-f323-4db4-86fa-5e23b5df90ae`
  },
  {
    source: 'https://github.com/aws-samples/sample-serverless-mcp-servers/issues/7',
    cause: 'resource-policy',
    layer: 'resource',
    action: 'lambda:GetLayerVersion',
    text: r`is
                                                                                                                                                      not authorized to perform:
                                                                                                                                                      lambda:GetLayerVersion on resource:
                                                                                                                                                      arn:aws:lambda:us-east-
                                                                                                                                                      1:580247275435:layer:LambdaInsightsExtension:55
                                                                                                                                                      because no resource-based policy allows the
                                                                                                                                                      lambda:GetLayerVersion action`
  },
  {
    source: 'https://github.com/aws-ia/terraform-aws-bedrock/issues/41',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 's3:GetObject',
    text: r`Encountered error: User: arn:aws:sts::XXXXXXX:assumed-role/AmazonBedrockExecutionRoleForKnowledgeBase-0zsq/DocumentLoaderTask-5XTW0UCZED is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::test-s3-docs/Amazon-2021-Annual-Report.pdf" because no identity-based policy allows the s3:GetObject action (Service: S3, Status Code: 403, Request ID: DMQ0JBGWMA82PDQ9, Extended Request ID: TF77oPeUQIKI0uhnT98WhA/WSvK+O`
  },
  {
    source: 'https://github.com/aws-samples/serverless-patterns/pull/2457',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 's3:GetObject',
    text: r`errorType": "AmazonS3Exception",
  "errorMessage": "User: arn:aws:sts::683517028648:assumed-role/s3dotnet-ResizerFunctionRole-TZwnuYpDb5Rv/s3dotnet-ResizerFunction-12oroDMZmSGE is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::imageresizer-683517028648/seshub-photo.jpeg\" because no identity-based policy allows the s3:GetObject action"`
  },
  {
    source: 'https://github.com/alphagov/govuk-infrastructure/pull/2439',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 'iam:PassRole',
    text: r`operation error Bedrock: PutModelInvocationLoggingConfiguration, https response error StatusCode: 403, User: arn:aws:sts::210287912431:assumed-role/terraform-cloud/terraform-run-h7rD1XcGWxHMDCG7 is not authorized to perform: iam:PassRole on resource: arn:aws:iam::210287912431:role/govuk-chat-bedrock-access-role because no identity-based policy allows the iam:PassRole action`
  },
  {
    source: 'https://github.com/aws/aws-pdk/pull/104',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 'wafv2:CreateWebACL',
    text: r`[FAILED] from custom resource. Message returned: User: arn:aws:sts::<redacted>:assumed-role/<redacted> is not authorized to perform: wafv2:CreateWebACL on resource: arn:aws:wafv2:us-east-1:<redacted>:global/ipset/<redacted>/<redacted> because no identity-based policy allows the wafv2:CreateWebACL action ${'`'}`
  },

  {
    source: 'https://github.com/danilop/LambdAuth/issues/37',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 'lambda:InvokeFunction',
    text: r`{"Message":"User: arn:aws:sts::009825708026:assumed-role/Cognito_toadkicker_poolUnauth_Role/CognitoIdentityCredentials is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:009825708026:function:LambdAuthCreateUser"}`
  },
  {
    source: 'https://github.com/aws-samples/aws-hpc-tutorials/pull/175',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 'iam:AttachRolePolicy',
    text: r`API: iam:AttachRolePolicy User: arn:aws:sts::833857487308:assumed-role/pcluster-manager-ParallelC-ParallelClusterUserRole-V5DO3R9W3T3Q/pcluster-manager-ParallelC-ParallelClusterFunction-Y7E54X3sGdo9 is not authorized to perform: iam:AttachRolePolicy on resource: role cluster-RoleHeadNode-DZ1IIF96ZZTL`
  },

  // ── STS: AssumeRole decided by the message ─────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-samples/scp-alternative-solution/issues/18',
    cause: 'trust-missing-source',
    layer: 'trust',
    action: 'sts:AssumeRole',
    text: r`An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws-cn:sts::member-account:assumed-role/OrganizationAccountAccessRole/cross_mem_acct_lambda is not authorized to perform: sts:AssumeRole on resource: arn:aws-cn:iam::member-account:role/OrganizationAccountAccessRole`
  },
  {
    source: 'https://github.com/noqdev/iambic/issues/357',
    cause: 'source-identity-not-allowed',
    layer: 'trust',
    text: r`2023/04/24 17:00:50 [error    ] Failed to assume role
  assume_role_arn=arn:aws:iam::REDACTED:role/IambicHubRole
  error=ClientError('An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::REDACTED:assumed-role/REDACTED_ROLE_1/REDACTED_SESSION_NAME is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::REDACTED:role/IambicHubRole')`
  },

  // ── IAM deploy errors: a a Principal IAM will not store ───────────────────────────────────────
  {
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/8905',
    cause: 'invalid-principal',
    layer: 'validation',
    text: r`**Assume Role Policy: MalformedPolicyDocument: Invalid principal in policy**`
  },
  {
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/7756',
    cause: 'invalid-principal',
    layer: 'validation',
    text: r`${'`'}* aws_iam_role.this: Error creating IAM Role support_role: MalformedPolicyDocument: Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!
        status code: 400, request id: 6fffffae-3acf-11e9-ba35-2f5a299dd9a3${'`'}`
  },

  {
    source: 'https://github.com/aws-samples/sample-host-openclaw-on-amazon-bedrock-agentcore/issues/39',
    cause: 'invalid-principal',
    layer: 'validation',
    text: r`CREATE_FAILED | AWS::IAM::Role | OpenClawExecutionRole558CFA0C
Resource handler returned message: "Invalid principal in policy: "AWS":"arn:aws:iam::1234567891012:role/openclaw-agentcore-execution-role" HandlerErrorCode: InvalidRequest)`
  },
  {
    source: 'https://github.com/aws-samples/aws-cdk-examples/issues/801',
    cause: 'invalid-principal',
    layer: 'validation',
    text: r`❌  ExampleEC2Stack failed: Error: The stack named ExampleEC2Stack failed creation, it may need to be manually deleted from the AWS console: ROLLBACK_COMPLETE: Invalid principal in policy: "SERVICE":"amazonaws.com" (Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; Request ID: <REDACTED>; Proxy: null)
    at FullCloudFormationDeployment.monitorDeployment (/Users/redacted/code/example-ec2-stack/node_modules/aws-cdk/lib/index.js:327:10235)`
  },
  {
    source: 'https://github.com/aws-samples/aws-secure-environment-accelerator/issues/1136',
    cause: 'invalid-principal',
    layer: 'validation',
    text: r`[BUG][OTHER] APA-InitialSetup stack fails with 'Invalid principal in policy'`
  },

  // ── Web identity (OIDC) ────────────────────────────────────────────────────────────────────────
  { source: 'https://github.com/guardian/cdk/issues/1944', cause: 'oidc-audience-mismatch', layer: 'web-identity', text: r`but still getting Error: Incorrect token audience` },
  {
    source: 'https://github.com/aws/aws-sdk-ruby/issues/2698',
    cause: 'oidc-audience-mismatch',
    layer: 'web-identity',
    text: r`Aws::STS::Errors::InvalidIdentityToken "Missing a required claim: aud" exception when trying to use [AssumeRoleWebIdentityCredentials](https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/AssumeRoleWebIdentityCredentials.html) to authenticate via [IRSA](https://aws.amazon.com/blogs/opensource/introducing-fine-grained-iam-roles-service-accounts/).`
  },

  // ── Bedrock: account, model access, Marketplace ────────────────────────────────────────────────
  { source: 'https://github.com/anthropics/claude-code/issues/591', cause: 'model-access-not-granted', layer: 'bedrock', text: r`  ⎿  API Error: 403 You don't have access to the model with the specified model ID.` },

  // ── Bedrock API keys ───────────────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/BloopAI/vibe-kanban/issues/933',
    cause: 'bearer-token-not-allowed',
    layer: 'identity',
    text: r`API Error: 403 {"Message":"Invalid API Key format: Must start with pre-defined prefix"} · Please run /login`
  },

  // ── Validation look-alikes: on-demand, model identifier ──────────────────────────────────────
  {
    source: 'https://github.com/cline/cline/issues/689',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    text: r`400 Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
  },
  {
    source: 'https://github.com/microsoft/semantic-kernel/issues/10738',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    text: r`When using a non cross inference profileid, just the modelid, I get this message from AWS:  Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
  },
  {
    source: 'https://github.com/langchain-ai/langchain-aws/issues/252',
    cause: 'invalid-model-id',
    layer: 'validation',
    action: 'bedrock:InvokeModel',
    text: r`botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: The provided model identifier is invalid.`
  },
  { source: 'https://github.com/earendil-works/pi/issues/4993', cause: 'invalid-model-id', layer: 'validation', text: r`Error: Validation error: The provided model identifier is invalid.` },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-workshop/issues/315',
    cause: 'invalid-model-id',
    layer: 'validation',
    action: 'bedrock:InvokeModel',
    text: r`ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: The provided model identifier is invalid.`
  },
  {
    source: 'https://github.com/aws-samples/build-an-agentic-llm-assistant/issues/6',
    cause: 'invalid-model-id',
    layer: 'validation',
    action: 'bedrock:InvokeModel',
    text: r`{'statusCode': 200, 'response': 'conversation: Error raised by bedrock service: An error occurred (ValidationException) when calling the InvokeModel operation: The provided model identifier is invalid. Please try again later`
  },
  {
    source: 'https://github.com/GoogleCloudPlatform/kubectl-ai/issues/515',
    cause: 'invalid-model-id',
    layer: 'validation',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`**E0903 10:33:59.626219       1 conversation.go:472] "error sending streaming LLM response" err="bedrock stream error: operation error Bedrock Runtime: ConverseStream, https response error StatusCode: 400, RequestID: a9464e5c-4679-4f86-bf6d-46cf872c8bd3, ValidationException: The provided model identifier is invalid."**`
  },
  { source: 'https://github.com/MattJColes/lgtmaybe/pull/70', cause: 'invalid-model-id', layer: 'validation', text: r`BedrockException - {"message":"The provided model identifier is invalid."}` },
  { source: 'https://github.com/RooCodeInc/Roo-Code/issues/10473', cause: 'invalid-model-id', layer: 'validation', text: r`Error: Unknown Error: The provided model identifier is invalid.` },
  {
    source: 'https://github.com/aws-solutions-library-samples/guidance-for-multimodal-data-processing-using-amazon-bedrock-data-automation/issues/39',
    cause: 'invalid-model-id',
    layer: 'validation',
    text: "[ERROR]\t2024-12-04T23:56:05.234Z\tb1414cc9-cca3-4b5c-be55-8bc62f9cf9dd\tCouldn't invoke agent. An error occurred (validationException) when calling the InvokeAgent operation: The provided model identifier is invalid."
  },

  // ── Throttling, in a response and inside an event stream ───────────────────────────────────────
  {
    source: 'https://github.com/turbot/steampipe-mod-aws-thrifty/issues/130',
    cause: 'throttled',
    layer: 'quota',
    text: r`operation error CloudWatch Logs: DescribeLogStreams, exceeded maximum number of attempts, 9, https response error StatusCode: 400, RequestID: 1c8266d9-2e98-48cd-b296-b52384128df9, api error ThrottlingException: Rate exceeded (SQLSTATE HV000)`
  },

  {
    source: 'https://github.com/hyunhwan-bcm/MARRVEL_MCP/issues/225',
    cause: 'throttled',
    layer: 'quota',
    text: r`**Error:** An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many tokens, please wait before trying again.`
  },

  // ── Clock ──────────────────────────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/remind101/logspout-kinesis/issues/21',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`InvalidSignatureException: Signature expired: 20151120T200815Z is now earlier than 20151120T201846Z (20151120T202346Z - 5 min.) status code: 400, request id: 9a2bed25-8fc4-11e5-b0cc-6bf2f0e1ff85`
  },
  {
    source: 'https://github.com/boto/botocore/issues/3587',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`botocore.exceptions.ClientError: An error occurred (InvalidSignatureException) when calling the GetSecretValue operation: Signature expired: 20251105T220858Z is now earlier than 20251106T132108Z (20251106T132608Z - 5 min.)`
  },
  {
    source: 'https://github.com/upmc-enterprises/registry-creds/issues/24',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`InvalidSignatureException: Signature expired: 20170111T204052Z is now earlier than 20170111T225449Z (20170111T230949Z - 15 min.)
2017-01-11T20:40:53.192988848Z 	status code: 400, request id: some id`
  },
  {
    source: 'https://github.com/basak/glacier-cli/issues/36',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`boto.glacier.exceptions.UnexpectedHTTPResponseError: Expected (200,), got (403, {"message":"Signature not yet current: 20131120T113529Z is still later than 20131120T104538Z (20131120T104038Z + 5 min.)","code":"InvalidSignatureException","type":"Client"})`
  },

  // ── Credentials: expired ───────────────────────────────────────────────────────────────────────
  { source: 'https://github.com/cline/cline/issues/852', cause: 'credentials-expired', layer: 'credentials', text: r`API Request Failed: 403 The security token included in the request is expired` },
  {
    source: 'https://github.com/aws-samples/aws-lex-web-ui/issues/817',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`lex-web-ui.min.js:142 ExpiredTokenException: The security token included in the request is expired
    at Po (https://xxxx.cloudfront.net/lex-web-ui.min.js:142:92201)
    at https://xxxxxxx.cloudfront.net/lex-web-ui.min.js:142:92343`
  },
  {
    source: 'https://github.com/cloudquery/cq-provider-aws/pull/1171',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`lambda.functions: failed to resolve table "aws_lambda_function_concurrency_configs": error at github.com/cloudquery/cq-provider-aws/resources/services/lambda.fetchLambdaFunctionConcurrencyConfigs[functions.go:1365] operation error Lambda: ListProvisionedConcurrencyConfigs, https response error StatusCode: 403, RequestID: xxxx, api error ExpiredTokenException: The security token included in the request is expired`
  },
  {
    source: 'https://github.com/posit-dev/positron/issues/13856',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`Posit Assistant with Amazon Bedrock fails after some time on Workbench with "Error making request (HTTP 403): The security token included in the request is expired".`
  },
  {
    source: 'https://github.com/Dynobase/dynobase/issues/122',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`FETCH_DATA_ERROR {
  constructor: 'Error',
  message: 'The security token included in the request is expired',
  code: 'ExpiredTokenException',
  time: '2021-11-06T09:41:48.066Z',`
  },
  {
    source: 'https://github.com/aws/aws-cli/issues/7692',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`botocore.exceptions.TokenRetrievalError: Error when retrieving token from sso: Token has expired and refresh failed`
  },

  {
    source: 'https://github.com/aws/aws-cli/issues/8561',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`2024-03-06 10:54:27,185 - MainThread - botocore.parsers - DEBUG - Response headers: {'Date': 'Wed, 06 Mar 2024 09:54:27 GMT', 'Content-Type': 'application/json', 'Content-Length': '78', 'Connection': 'keep-alive', 'x-amzn-RequestId': '8506bebb-9eca-4771-9336-953ba378efb1', 'x-amzn-ErrorType': 'InvalidGrantException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/'}
2024-03-06 10:54:27,185 - MainThread - botocore.parsers - DEBUG - Response body:
b'{"error":"invalid_grant","error_description":"Invalid refresh token provided"}'`
  },

  // ── Credentials: unknown key or token ──────────────────────────────────────────────────────────
  {
    source: 'https://github.com/callstats-io/fluentd-kubernetes-cloudwatch/issues/14',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`error_class="Aws::CloudWatchLogs::Errors::UnrecognizedClientException" error="The security token included in the request is invalid." plugin_id="@out_cloudwatch_logs`
  },
  {
    source: 'https://github.com/evanshortiss/sns-mobile/issues/14',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r` [InvalidClientTokenId: The security token included in the request is invalid.]
  message: 'The security token included in the request is invalid.',
  code: 'InvalidClientTokenId',`
  },
  {
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/24197',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
status code: 403`
  },
  {
    source: 'https://github.com/drewblas/aws-ses/issues/14',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`AWS::SES::ResponseError: AWS::SES Response Error: InvalidClientTokenIdThe security token included in the request is invalid`
  },
  { source: 'https://github.com/fog/fog/issues/3387', cause: 'credentials-invalid', layer: 'credentials', text: r`[aws][iam] InvalidClientTokenId => The security token included in the request is invalid` },

  // ── Credentials: none found ────────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/anthropics/claude-code-action/issues/1090',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`  {
    "result": "API Error: Could not load credentials from any providers",
    "duration_api_ms": 0,
    "num_turns": 1,`
  },
  { source: 'https://github.com/anthropics/claude-code/issues/51108', cause: 'credentials-missing', layer: 'credentials', text: r`API error (attempt N/11): Could not load credentials from any providers` },
  {
    source: 'https://github.com/aws-samples/foundation-model-benchmarking-tool/issues/153',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`File ~/anaconda3/envs/fmbench_python311/lib/python3.11/site-packages/botocore/auth.py:418, in SigV4Auth.add_auth(self, request)
    416 def add_auth(self, request):
    417     if self.credentials is None:
--> 418         raise NoCredentialsError()
    419     datetime_now = datetime.datetime.utcnow()
    420     request.context['timestamp'] = datetime_now.strftime(SIGV4_TIMESTAMP)

NoCredentialsError: Unable to locate credentials`
  },
  { source: 'https://github.com/Ge0rg3/requests-ip-rotator/issues/2', cause: 'credentials-missing', layer: 'credentials', text: r`botocore.exceptions.NoCredentialsError: Unable to locate credentials` },
  {
    source: 'https://github.com/thumbor-community/aws/issues/77',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`Ok, but how can I solve? With botocore 1.4.7 I reveive the error "Unable to locate credentials" even if I followed the boto docs and I run "aws configure".`
  },
  {
    source: 'https://github.com/boto/botocore/issues/1897',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`Getting "botocore.exceptions.NoCredentialsError: Unable to locate credentials" on ec2 instance as of botocore-1.13.21`
  },
  {
    source: 'https://github.com/PaloAltoNetworks/ansible-pan/issues/45',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`  File "/tmp/ansible_lAMqTZ/ansible_modlib.zip/ansible/module_utils/cloud.py", line 153, in retry_func
botocore.exceptions.NoCredentialsError: Unable to locate credentials`
  }
]

/**
 * Corpus 3, second round: seven more texts collected after the first round's fixes and scored
 * before any change for them (inference-profile and application-profile grants, a session policy
 * in a Claude Code box, the JS SDK finding no credentials behind a bearer-token setup, a model
 * access denial with a mistyped JSON separator).
 */
export const PASTED_CORPUS_3_LATER: readonly PastedError[] = [
  {
    source: 'https://github.com/zed-industries/zed/issues/53960',
    cause: 'identity-policy-missing-bedrock',
    layer: 'identity',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`> Permission error with Amazon Bedrock's API: User: arn:aws:sts::********:assumed-role/ AWSReservedSSO_AICodeAssistant_3a1fed7730df2791/user@place.com is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:eu-central-1:********:inference-profile/eu.anthropic.claude-sonnet-4-6 because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action`
  },
  {
    source: 'https://github.com/aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws/issues/235',
    cause: 'identity-policy-missing-bedrock',
    layer: 'identity',
    action: 'bedrock:InvokeModel',
    text: r`5. See error: User: arn:aws:sts::... is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:...:application-inference-profile/... because no identity-based policy allows the bedrock:InvokeModel action`
  },
  {
    source: 'https://github.com/anthropics/claude-code/issues/541',
    cause: 'session-policy',
    layer: 'session',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`│   API Error: 403 {"Message":"User: arn:aws:sts::xxx:assumed-role/xxx is    │
│   not authorized to perform: bedrock:InvokeModelWithResponseStream on resource:                                 │
│   arn:aws:bedrock:us-east-1:245200388354:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0          │
│   because no session policy allows the bedrock:I`
  },
  {
    source: 'https://github.com/anthropics/claude-code/issues/6191',
    cause: 'identity-policy-missing-bedrock',
    layer: 'identity',
    action: 'bedrock:InvokeModel',
    text: r`API Error (403 {"Message":"User: arn:aws:sts::XXXXXXXXX:assumed-role/XXXXXXXX/XXX@XXXXX.com is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-2:XXXXXXXXX:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0 because no identity-based policy allows the bedrock:InvokeModel action"}) · Retrying in 1 seconds… (attempt 1/10)`
  },
  {
    source: 'https://github.com/tinovyatkin/amazon-bedrock-copilot-chat/issues/134',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`[error] [Bedrock Model Provider] Failed to fetch models Could not load credentials from any providers
[error] [Bedrock API Client] Failed to fetch Bedrock models Could not load credentials from any providers`
  },
  {
    source: 'https://github.com/Wei-Shaw/claude-relay-service/issues/930',
    cause: 'credentials-missing',
    layer: 'credentials',
    text: r`: ❌ Test Bedrock account connection failed: Could not load credentials from any providers | {"name":"CredentialsProviderError","tryNextLink":false}
CredentialsProviderError: Could not load credentials from any providers
    at /app/node_modules/@aws-sdk/credential-provider-node/dist-cjs/index.js:129:13`
  },
  {
    source: 'https://github.com/hotovo/aider-desk/issues/131',
    cause: 'model-access-not-granted',
    layer: 'bedrock',
    text: r`BedrockException - {"message"."You don't have access to the model with the specified model ID."}`
  }
]

/**
 * Reason-less cross-account AssumeRole denials: the message alone cannot tell the caller's policy
 * from the role's trust, so explain must keep both open (the threads' fixes went either way).
 */
export const OPEN_ASSUME_ROLE_3: readonly { source: string; text: string }[] = [
  {
    source: 'https://github.com/aws/aws-cli/issues/7216',
    text: r`An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::<main_account_id>:assumed-role/<role_name>/<session_name> is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::<prod_account_id>:role/<role_name>`
  },
  {
    source: 'https://github.com/jtblin/kube2iam/issues/91',
    text: r`AccessDenied: User: arn:aws:sts::*****:assumed-role/<ROLE-NAME>/6fa16a-<ROLE-NAME>
is not authorized to perform: sts:AssumeRole on resource: 
arn:aws:iam::*****:role/<OTHER-ROLE-NAME> `
  },
  {
    source: 'https://github.com/awslabs/aws-simple-cicd/issues/11',
    text: r`${'`'}An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::9xxxxxxxxxx:assumed-role/AWS-Simple-CICD-TeamOne-vimpsvlncctestpipel-SP8VE3BYU66Q/AWSCodeBuild-c17e5754-c377-41e5-b1ca-7276e582aeee is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::0xxxxxxxxxx2:role/admin${'`'}`
  },
  {
    source: 'https://github.com/awslabs/aws-securityhub-multiaccount-scripts/issues/32',
    text: r`        ClientError(u'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::<MASTERACCOUNTID>:assumed-role/ManageSecurityHubInstanceRole/i-0a8a33c4f573xxxxx is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::<MEMBERACCOUNTID>:role/ManageSecurityHub',)`
  },
  {
    source: 'https://github.com/Netflix/security_monkey/issues/530',
    text: r`${'`'}(AccessDenied) when calling the AssumeRole operation: Not authorized to perform sts:AssumeRole' [in /usr/local/src/security_monkey/security_monkey/watcher.py:172]${'`'}`
  },
  {
    source: 'https://github.com/SWO-GS/auto-tag/issues/19',
    text: "2017-06-02T17:40:35.538Z\t6cca367d-47ba-11e7-81aa-e3668cf6c658\t{ [AccessDenied: Not authorized to perform sts:AssumeRole]\nmessage: 'Not authorized to perform sts:AssumeRole',\ncode: 'AccessDenied'"
  }
]

/** Texts that are not access problems explain can name (server faults, API Gateway routes): no cause, no guesses. */
export const NEAR_MISSES_3: readonly { source: string; text: string }[] = [
  { source: 'https://github.com/darko-mesaros/bedrust/issues/47', text: r`Handle: "Error: Can't invoke. Reason: Bedrock is unable to process your request."` },
  {
    source: 'https://github.com/Aider-AI/aider/issues/2530',
    text: r`httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2:0/converse'
For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/503`
  },
  {
    source: 'https://github.com/aws-samples/aws-microservices-deploy-options/issues/151',
    text: r`{"message":"Missing Authentication Token"}`
  },
  {
    source: 'https://github.com/serverless/serverless/issues/1780',
    text: r`> {
>   "message": "Missing Authentication Token"
> }`
  },
  {
    source: 'https://github.com/basetenlabs/truss/issues/1372',
    text: r`ModelNotReady("Model has started running, but not ready yet.")`
  },
  {
    source: 'https://github.com/vercel/ai/issues/19034',
    text: r`Encode an AWS event-stream frame with:

- ${'`'}:message-type${'`'}: ${'`'}exception${'`'}
- ${'`'}:exception-type${'`'}: ${'`'}modelStreamErrorException${'`'}
- a valid JSON exception payload`
  }
]
