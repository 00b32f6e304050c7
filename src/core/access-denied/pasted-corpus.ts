/**
 * Error texts people really pasted (issue 18): each copied verbatim from the public GitHub issue,
 * pull request or page named in `source` — line wraps, truncations, SDK and logger wrappings kept.
 * `cause` and `layer` are what a person reading the whole thread (maintainers' answers, the fix
 * that closed it) says was wrong; `action` is the IAM action the failed operation needs, when the
 * paste names the operation. Account numbers are whatever the poster left (often redacted).
 * Test data only: pasted-corpus.test.ts runs every entry through parse + diagnose.
 */

export interface PastedError {
  /** Where the text was pasted (public issue, pull request or page). */
  source: string
  /** The text as pasted. */
  text: string
  /** The leading cause explain must name (a `CAUSES` id). */
  cause: string
  /** That cause's layer. */
  layer: string
  /** The IAM action the failed operation needs, when the paste names one. */
  action?: string
}

const r = String.raw

export const PASTED_CORPUS: readonly PastedError[] = [
  // ── Bedrock: IAM identity policy ─────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-samples/semantic-search-with-amazon-opensearch/issues/43',
    cause: 'identity-policy-missing-bedrock',
    layer: 'identity',
    action: 'bedrock:InvokeModel',
    text: r`ValueError: Error raised by bedrock service: An error occurred (AccessDeniedException) when calling the InvokeModel operation: User: arn:aws:sts::**:assumed-role/semantic-search-NBRole-EjdXfAalJlpo/SageMaker is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`
  },
  {
    source: 'https://github.com/pytorch/test-infra/issues/5721',
    cause: 'identity-policy-missing-bedrock',
    layer: 'identity',
    action: 'bedrock:InvokeModel',
    text:
      r`called ` +
      '`Result::unwrap()`' +
      r` on an ` +
      '`Err`' +
      r` value: ServiceError(ServiceError { source: AccessDeniedException(AccessDeniedException { message: Some("User: arn:aws:sts::308535385114:assumed-role/cargo-lambda-role-f8380435-1d42-4de1-93f6-49711d68eb4a/log_classifier is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 because no identity-based policy allows the bedrock:InvokeModel action"), meta: ErrorMetadata { code: Some("AccessDeniedException"), message: Some("User: arn:aws:sts::308535385114:assumed-role/cargo-lambda-role-f8380435-1d42-4de1-93f6-49711d68eb4a/log_classifier is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 because no identity-based policy allows the bedrock:InvokeModel action"), extras: Some({"aws_request_id": "10b527a8-2856-42a7-8fac-7c1faf7d4ffb"}) } }), raw: Response { status: StatusCode(403), headers: Headers { headers: {"date": HeaderValue { _private: H0("Thu, 26 Sep 2024 20:46:59 GMT") }, "content-type": HeaderValue { _private: H0("application/json") }, "content-length`
  },
  {
    source: 'https://github.com/aws-samples/dify-self-hosted-on-aws/issues/74',
    cause: 'identity-policy-missing-action',
    layer: 'identity',
    action: 'bedrock:ListFoundationModels',
    text: r`An error occurred (AccessDeniedException) when calling the ListFoundationModels operation: User: arn:aws:sts::ACCOUNT_ID:assumed-role/DifyOnAwsStack-ApiServiceTaskTaskRole06F87EBE-XXXX/XXXX is not 
authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows the bedrock:ListFoundationModels action`
  },
  {
    source: 'https://github.com/posit-dev/positron/issues/10683',
    cause: 'explicit-deny-identity',
    layer: 'identity',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`{"Message":"User: arn:aws:sts::0482xxxxxxxx:assumed-role/mcp-tenantOperator/dxxxx is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 with an explicit deny in an identity-based policy"}`
  },
  {
    source: 'https://github.com/tinovyatkin/amazon-bedrock-copilot-chat/issues/396',
    cause: 'scp-deny',
    layer: 'scp',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`2026-03-09 13:46:50.969 [error] [Bedrock Model Provider] Chat request failed {"messageCount":5,"modelId":"global.anthropic.claude-opus-4-6-v1","error":{"message":"User: arn:aws:sts::1111111111:assumed-role/user_role is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a service control policy: arn:aws:organizations::0000000000:p`
  },

  // ── Bedrock API keys (bearer tokens) ────────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock/pull/315',
    cause: 'bearer-token-not-allowed',
    layer: 'identity',
    action: 'bedrock:CallWithBearerToken',
    text: r`not authorized to perform: bedrock:CallWithBearerToken`
  },

  // ── Bedrock: not IAM (account, model access, Marketplace, use-case form) ───────────────────────
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-workshop/issues/100',
    cause: 'account-not-authorized',
    layer: 'bedrock',
    action: 'bedrock:InvokeModel',
    text: r`Error raised by inference endpoint: An error occurred (AccessDeniedException) when calling the InvokeModel operation: Your account is not authorized to invoke this API operation.        
To troubeshoot this issue please refer to the following resources.         
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html         
https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam.html`
  },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-client-for-mac/issues/1',
    cause: 'account-not-authorized',
    layer: 'bedrock',
    text: r`Error invoking the model: AccessDeniedException(properties: AWSBedrockRuntime.AccessDeniedException.Properties(message: Optional("Your account is not authorized to invoke this API operation.")), httpResponse: Status Code: http_status_403 x-amzn-ErrorType: AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/, Content-Type: application/json, Content-Length: 74, x-amzn-RequestId: c9507833-2d9a-4f0f-b4c0-08ac3dd223f8, Date: Thu, 26 Oct 2023 20:39:03 GMT, Connection: keep-alive, message: Optional("Your account is not authorized to invoke this API operation."), requestID: nil)`
  },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-audio-summarizer/issues/3',
    cause: 'account-not-authorized',
    layer: 'bedrock',
    action: 'bedrock:InvokeModel',
    text: r`- An error occurred (ValidationException) when calling the InvokeModel operation: Your account is not authorized to invoke this API operation.`
  },
  { source: 'https://github.com/coder/code-server/issues/7959', cause: 'account-not-authorized', layer: 'bedrock', text: r`AccessDeniedException: Your account is not authorized to invoke this API operation with a prompt resource.` },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-workshop/issues/20',
    cause: 'account-not-authorized',
    layer: 'bedrock',
    action: 'bedrock:ListFoundationModels',
    text: r`boto3_bedrock.list_foundation_models()
botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the ListFoundationModels operation: Your account is not authorized to invoke this API operation.`
  },
  {
    source: 'https://github.com/aws-samples/generative-ai-to-build-a-devsecops-chatbot/issues/3',
    cause: 'model-access-not-granted',
    layer: 'bedrock',
    action: 'bedrock:InvokeModel',
    text: r`ValueError: Error raised by bedrock service: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.`
  },
  {
    source: 'https://github.com/dirkpetersen/our-chat/issues/3',
    cause: 'model-access-not-granted',
    layer: 'bedrock',
    action: 'bedrock:InvokeModel',
    text: r`Traceback (most recent call last):
  File "/home/ochat/our-chat/tests/bedrock-test.py", line 77, in <module>
    response = bedrock.invoke_model(body=body, modelId=amodel)
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/botocore/client.py", line 553, in _api_call
    return self._make_api_call(operation_name, kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/botocore/client.py", line 1009, in _make_api_call
    raise error_class(parsed_response, operation_name)
botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.`
  },
  {
    source: 'https://github.com/aws-samples/sample-agentic-frameworks-on-aws/issues/44',
    cause: 'model-access-not-granted',
    layer: 'bedrock',
    action: 'bedrock:InvokeModel',
    text: r`Error generating response: An error occurred (AccessDeniedException) when calling the Converse operation: You don't have access to the model with the specified model ID.`
  },
  { source: 'https://github.com/langgenius/dify/issues/2829', cause: 'model-access-not-granted', layer: 'bedrock', text: r`AccessDeniedException: You don't have access to the model with the specified model ID.` },
  {
    source: 'https://github.com/ministryofjustice/modernisation-platform-environments/pull/18323',
    cause: 'marketplace-subscription',
    layer: 'bedrock',
    text: r`{"error":{"message":"litellm.APIConnectionError: BedrockException - {\"message\":\"Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. If you recently fixed this issue, try again after 5 minutes.\"}.`
  },
  {
    source: 'https://github.com/aws/aws-cli/issues/8717',
    cause: 'operation-not-allowed',
    layer: 'account',
    action: 'bedrock:InvokeModel',
    text: r`An error occurred (ValidationException) when calling the InvokeModel operation: Operation not allowed`
  },
  { source: 'https://github.com/kirodotdev/Kiro/issues/11191', cause: 'operation-not-allowed', layer: 'account', text: r`ValidationException: Operation not allowed` },
  {
    source: 'https://github.com/langchain-ai/langchain/issues/19215',
    cause: 'operation-not-allowed',
    layer: 'account',
    action: 'bedrock:InvokeModel',
    text: r`ValueError: Error raised by bedrock service: An error occurred (ValidationException) when calling the InvokeModel operation: Operation not allowed`
  },
  {
    source: 'https://github.com/langgenius/dify/issues/7488',
    cause: 'operation-not-allowed',
    layer: 'account',
    text: r`{
    "code": "invalid_param",
    "message": "ValidationException: Operation not allowed",
    "status": 400
}`
  },

  // ── Bedrock: model lifecycle ────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-workshop/issues/386',
    cause: 'model-legacy',
    layer: 'lifecycle',
    action: 'bedrock:InvokeModel',
    text: r`ResourceNotFoundException: An error occurred (ResourceNotFoundException) when calling the InvokeModel operation: Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock`
  },
  {
    source: 'https://github.com/awslabs/llmeter/issues/35',
    cause: 'model-legacy',
    layer: 'lifecycle',
    action: 'bedrock:InvokeModel',
    text: r`An error occurred (ResourceNotFoundException) when calling the Converse operation: Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock`
  },
  {
    source: 'https://github.com/fourTheorem/podwhisperer/pull/24',
    cause: 'model-legacy',
    layer: 'lifecycle',
    text: r`ResourceNotFoundException
Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 30 days. Please upgrade to an active model on Amazon Bedrock`
  },
  {
    source: 'https://github.com/aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws/issues/708',
    cause: 'model-legacy',
    layer: 'lifecycle',
    text: r`ResourceNotFoundException: Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 30 days.`
  },
  { source: 'https://github.com/gsd-build/gsd-2/issues/5425', cause: 'model-legacy', layer: 'lifecycle', text: r`Access denied. This Model is marked by provider as Legacy` },
  {
    source: 'https://github.com/aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws/issues/708',
    cause: 'model-end-of-life',
    layer: 'lifecycle',
    text: r`ResourceNotFoundException: This model version has reached the end of its life.
Please refer to the AWS documentation for more details.`
  },
  {
    source: 'https://github.com/griptape-ai/griptape-nodes-engine/issues/4498',
    cause: 'model-end-of-life',
    layer: 'lifecycle',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`Error: ResolveNode Failed
Description: Node 'Panel Planner' encountered a problem: Agent run failed because of an exception: An error occurred (ResourceNotFoundException) when calling the ConverseStream operation: This model version has reached the end of its life. Please refer to the AWS documentation for more details.
Timestamp: 5/4/2026, 12:31:18 PM`
  },
  { source: 'https://github.com/gsd-build/gsd-2/issues/5425', cause: 'model-end-of-life', layer: 'lifecycle', text: r`This model version has reached the end of its life` },

  // ── Bedrock: on-demand throughput (inference profile needed) ───────────────────────────────────
  {
    source: 'https://github.com/terricain/aioboto3/issues/352',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`    | botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModelWithResponseStream operation: Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.
    +------------------------------------`
  },
  {
    source: 'https://github.com/aws-samples/bedrock-multi-agents-collaboration-workshop/issues/21',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    action: 'bedrock:InvokeModel',
    text: r`ValidationException: An error occurred (ValidationException) when calling the Converse operation: Invocation of model ID anthropic.claude-3-5-sonnet-20240620-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
  },
  {
    source: 'https://github.com/danny-avila/LibreChat/issues/4570',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    text: r`LibreChat         | 2024-10-28 23:01:29 error: [api/server/controllers/agents/client.js #sendCompletion] Unhandled error type Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
  },
  {
    source: 'https://github.com/stackblitz-labs/bolt.diy/issues/1102',
    cause: 'on-demand-not-supported',
    layer: 'validation',
    text: r`> There was an error processing your request: Custom error: Invocation of model ID anthropic.claude-3-5-sonnet-20240620-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`
  },

  // ── Throttling and quotas ──────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/i-dot-ai/caddy-chatbot/issues/97',
    cause: 'throttled',
    layer: 'quota',
    action: 'bedrock:InvokeModel',
    text: r`botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many requests, please wait before trying again. You have sent too many requests. Wait before trying again.`
  },
  {
    source: 'https://github.com/aws-samples/aws-genai-llm-chatbot/issues/220',
    cause: 'throttled',
    layer: 'quota',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`<class 'botocore.exceptions.EventStreamError'>:An error occurred (throttlingException) when calling the InvokeModelWithResponseStream operation: Too many requests, please wait before trying again. You have sent too many requests. Wait before trying again.`
  },
  {
    source: 'https://github.com/BerriAI/litellm/issues/589',
    cause: 'throttled',
    layer: 'quota',
    action: 'bedrock:InvokeModelWithResponseStream',
    text: r`FAILED litellm/tests/test_completion.py::test_completion_bedrock_claude_stream - Failed: Error occurred: An error occurred (throttlingException) when calling the InvokeModelWithResponseStream operation: Too many requests, please wait before trying again. You have sent too many requests.  Wait before trying again.`
  },
  {
    source: 'https://github.com/aws/fmeval/pull/124',
    cause: 'throttled',
    layer: 'quota',
    action: 'bedrock:InvokeModel',
    text: r`ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 10): Too many requests, please wait before trying again. You have sent too many requests.  Wait before trying again`
  },
  {
    source: 'https://github.com/posit-dev/positron/issues/7844',
    cause: 'throttled',
    layer: 'quota',
    text: r`{
	"name": "ThrottlingException",
	"$fault": "client",
	"$metadata": {
		"httpStatusCode": 429,
		"requestId": "<REQUEST_ID>",
		"attempts": 3,
		"totalRetryDelay": 787
	}
}`
  },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-client-for-mac/issues/99',
    cause: 'throttled',
    layer: 'quota',
    text: r` Error invoking the model: ThrottlingException(properties: AWSBedrockRuntime.ThrottlingException.Properties(message: Optional("Too many tokens, please wait before trying again.")), httpResponse: Status Code: HTTP status code: 429 Date: Mon, 12 May 2025 11:11:55 GMT, Content-Type: application/json, Content-Length: 63, Connection: keep-alive, x-amzn-ErrorType: ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/, x-amzn-RequestId: ca47a5ce-e260-4824-aa0e-2e62669d5d6e, message: Optional("Too many tokens, please wait before trying again."), requestID: nil)`
  },
  { source: 'https://github.com/anthropics/claude-code/issues/236', cause: 'throttled', layer: 'quota', text: r`Getting (429 Too many tokens, please wait before trying again.) in every request` },
  {
    source: 'https://github.com/anthropics/claude-code/issues/77',
    cause: 'throttled',
    layer: 'quota',
    text: r`  ⎿  API Error (429 Too many tokens, please wait before trying again.) · Retrying in 1 seconds… (attempt 1/10)
  ⎿  API Error (429 Too many tokens, please wait before trying again.) · Retrying in 1 seconds… (attempt 2/10)`
  },
  {
    source: 'https://github.com/kirodotdev/Kiro/issues/8113',
    cause: 'throttled',
    layer: 'quota',
    text: r`Error { code: "ThrottlingException", message: "Too many requests, please wait before trying again.", aws_request_id: "bc9af776-2940-485e-ba33-d7933e178873" }`
  },
  {
    source: 'https://github.com/promptfoo/promptfoo/issues/1508',
    cause: 'throttled',
    layer: 'quota',
    text: r`API call error: ThrottlingException: Too many requests, please wait before trying again. You have sent too many requests.  Wait before trying again.`
  },
  {
    source: 'https://github.com/awslabs/agent-evaluation/issues/64',
    cause: 'throttled',
    layer: 'quota',
    text: r`EventStreamError: An error occurred (throttlingException) when calling the InvokeAgent operation: Your request rate is too high. Reduce the frequency of requests.  `
  },
  { source: 'https://github.com/anthropics/claude-code/issues/562', cause: 'throttled', layer: 'quota', text: r`  ⎿  API Error (503 Too many connections, please wait before trying again.) · Retrying in 1 seconds… (attempt 1/10)` },
  { source: 'https://www.tech-reader.blog/2026/01/aws-bedrock-error-servicequotaexceedede_28.html', cause: 'quota-exceeded', layer: 'quota', text: r`ServiceQuotaExceededException: The request exceeds the service quota.` },

  // ── Expired or invalid credentials ─────────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-samples/aws-iot-twinmaker-samples/issues/147',
    cause: 'credentials-expired',
    layer: 'credentials',
    action: 'iam:CreateRole',
    text: r`botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the CreateRole operation: The security token included in the request is expired`
  },
  { source: 'https://github.com/anthropics/claude-code/issues/28032', cause: 'credentials-expired', layer: 'credentials', text: r`API Error: 403 The security token included in the request  is expired · Please run /login` },
  { source: 'https://github.com/langgenius/dify-official-plugins/issues/3519', cause: 'credentials-expired', layer: 'credentials', text: r`ExpiredTokenException: The security token included in the request is expired` },
  { source: 'https://github.com/aws-amplify/amplify-backend/pull/1993', cause: 'credentials-expired', layer: 'credentials', text: r`Failed to list secrets. ExpiredToken: The security token included in the request is expired` },
  {
    source: 'https://github.com/cfn-sphere/cfn-sphere/issues/55',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`AWS API Error: BotoServerError: 403 Forbidden
<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error>
    <Type>Sender</Type>
    <Code>ExpiredToken</Code>
    <Message>The security token included in the request is expired</Message>
  </Error>
  <RequestId>689b4496-ca92-11e5-9a31-4932678efe5c</RequestId>
</ErrorResponse>`
  },
  {
    source: 'https://github.com/aws-samples/amazon-bedrock-client-for-mac/issues/38',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`Error invoking the model: UnknownAWSHTTPServiceError(typeName: Optional("ExpiredTokenException"), message: Optional("The security token included in the request is expired"), requestID: nil, requestID2: nil, httpResponse: Status Code: http_status_403 Date: Fri, 05 Jul 2024 19:31:02 GMT, Content-Type: application/json, Content-Length: 67, x-amzn-requestid: abefeee8-7400-4237-bb1f-8b5992d2696d, x-amzn-errortype: ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/)`
  },
  {
    source: 'https://github.com/aurelio-labs/semantic-router/issues/293',
    cause: 'credentials-expired',
    layer: 'credentials',
    action: 'bedrock:InvokeModel',
    text: r`An error occurred (ExpiredTokenException) when calling the InvokeModel operation: The security token included in the request is expired`
  },
  {
    source: 'https://github.com/miasma-rb/miasma/issues/23',
    cause: 'credentials-expired',
    layer: 'credentials',
    text: r`[17:39:33] ERROR: Miasma::Error::ApiError::RequestError: Forbidden - ExpiredToken: The security token included in the request is expired`
  },
  {
    source: 'https://github.com/Arize-ai/openinference/issues/2358',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`    UnrecognizedClientException: The security token included in the request is invalid.

      at throwDefaultError (../../node_modules/.pnpm/@smithy+smithy-client@4.9.1/node_modules/@smithy/smithy-client/dist-cjs/index.js:288:22)
      at ../../node_modules/.pnpm/@smithy+smithy-client@4.9.1/node_modules/@smithy/smithy-client/dist-cjs/index.js:297:9`
  },
  {
    source: 'https://github.com/langchain-ai/langchain/issues/19677',
    cause: 'credentials-invalid',
    layer: 'credentials',
    action: 'bedrock:InvokeModel',
    text: r`Error raised by bedrock service: An error occurred (UnrecognizedClientException) when calling the InvokeModel operation: The security token included in the request is invalid.`
  },
  {
    source: 'https://github.com/aws-azure-login/aws-azure-login/issues/251',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`botocore.parsers - DEBUG - Response body:
b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidClientTokenId</Code>\n    <Message>The security token included in the request is invalid</Message>\n  </Error>\n  <RequestId>16fc956c-311e-4199-bee1-1680236e9698</RequestId>\n</ErrorResponse>\n'`
  },
  {
    source: 'https://github.com/hashicorp/terraform-provider-aws/issues/25281',
    cause: 'credentials-invalid',
    layer: 'credentials',
    action: 'sts:GetCallerIdentity',
    text: r`error using credentials to get account ID: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid`
  },
  {
    source: 'https://github.com/QT-DevOps/DevOpsIssues/issues/451',
    cause: 'credentials-invalid',
    layer: 'credentials',
    action: 'sts:GetCallerIdentity',
    text: r`* provider.aws: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
        status code: 403, request id: e65f7860-76e7-11e9-a6e4-7fc43f437424`
  },
  {
    source: 'https://github.com/leeroybrun/glacier-vault-remove/issues/51',
    cause: 'credentials-invalid',
    layer: 'credentials',
    action: 'sts:GetCallerIdentity',
    text: r`botocore.exceptions.ClientError: An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The`
  },
  {
    source: 'https://github.com/barnybug/cli53/issues/278',
    cause: 'credentials-invalid',
    layer: 'credentials',
    text: r`Error: InvalidClientTokenId: The security token included in the request is invalid.
	status code: 403, request id: 86d1302f-64cb-427a-8824-296ab645b63c`
  },

  // ── Signatures: clock skew and wrong secret ────────────────────────────────────────────────
  {
    source: 'https://github.com/aws/aws-cli/issues/6676',
    cause: 'clock-skew',
    layer: 'clock',
    action: 'sts:GetCallerIdentity',
    text: r`An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)`
  },
  { source: 'https://github.com/convox/rack/issues/235', cause: 'clock-skew', layer: 'clock', text: r`> Build Error: SignatureDoesNotMatch: Signature expired: 20151221T200419Z is now earlier than 20151221T201450Z (20151221T201950Z - 5 min.)` },
  {
    source: 'https://github.com/alexa-samples/skill-sample-nodejs-adventure-game/issues/41',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`Error: Signature expired: 20170721T074556Z is now earlier than 20170722T022954Z (20170722T023454Z - 5 min.)
    at Request.callListeners (/Users/optimusprime/interactive-adventure-game-tool/node_modules/gulp-awslambda/node_modules/aws-sdk/lib/sequential_executor.js:107:43)`
  },
  {
    source: 'https://github.com/devsecops/bootcamp/issues/101',
    cause: 'clock-skew',
    layer: 'clock',
    action: 'sts:AssumeRole',
    text: r`A client error (SignatureDoesNotMatch) occurred when calling the AssumeRole operation: Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)`
  },
  {
    source: 'https://github.com/m0ngr31/kanzi/issues/270',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`botocore.exceptions.ClientError: An error occurred (InvalidSignatureException) when calling the CompareFaces operation: Signature expired: 20180707T233021Z is now earlier than 20180710T071214Z (20180710T071714Z - 5 min.)`
  },
  {
    source: 'https://github.com/aws/aws-sdk-js/issues/254',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`{"level":"info","message":{"message":"Signature expired: 20140325T143453Z is now earlier than 20140325T143751Z (20140325T145251Z - 15 min.)","code":"InvalidSignatureException","name":"InvalidSignatureException","statusCode":400,"retryable":false},"timestamp":"2014-03-25T14:52:58.020Z"}`
  },
  {
    source: 'https://github.com/EngineerBetter/control-tower/issues/51',
    cause: 'clock-skew',
    layer: 'clock',
    action: 'sts:GetCallerIdentity',
    text: r`An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Signature expired: 20191
029T154623Z is now earlier than 20191029T163344Z (20191029T164844Z - 15 min.)`
  },
  {
    source: 'https://github.com/vsespb/mt-aws-glacier/issues/2',
    cause: 'clock-skew',
    layer: 'clock',
    text: r`{"message":"Signature expired: 20120907T094027Z is now earlier than 20120907T094737Z (20120907T095237Z - 5 min.)","code":"InvalidSignatureException","type":"Client"}`
  },
  {
    source: 'https://github.com/smithy545/aws-apps-scripts/issues/12',
    cause: 'signature-mismatch',
    layer: 'credentials',
    text: r`ERROR: {"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the`
  },
  {
    source: 'https://github.com/ember-cli-deploy/ember-cli-deploy-s3/issues/64',
    cause: 'signature-mismatch',
    layer: 'credentials',
    text: r`- SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.`
  },
  {
    source: 'https://github.com/schickling/chromeless/issues/39',
    cause: 'signature-mismatch',
    layer: 'credentials',
    text: r`ServerlessError: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.`
  },

  // ── Web identity (OIDC) ─────────────────────────────────────────────────────────────────────
  {
    source: 'https://github.com/aws-actions/configure-aws-credentials/issues/1446',
    cause: 'trust-condition-failed',
    layer: 'trust',
    action: 'sts:AssumeRoleWithWebIdentity',
    text: r`Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity`
  },
  {
    source: 'https://github.com/aws-actions/configure-aws-credentials/issues/1293',
    cause: 'trust-condition-failed',
    layer: 'trust',
    action: 'sts:AssumeRoleWithWebIdentity',
    text: r`Assuming role with OIDC
Assuming role with OIDC
Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity`
  },
  { source: 'https://github.com/aws-actions/configure-aws-credentials/issues/318', cause: 'trust-condition-failed', layer: 'trust', action: 'sts:AssumeRoleWithWebIdentity', text: r`Error: Not authorized to perform sts:AssumeRoleWithWebIdentity` },
  {
    source: 'https://github.com/mattzcarey/shippie/issues/274',
    cause: 'trust-condition-failed',
    layer: 'trust',
    action: 'sts:AssumeRoleWithWebIdentity',
    text: r`'Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity'`
  },
  {
    source: 'https://github.com/aws-actions/configure-aws-credentials/issues/280',
    cause: 'oidc-provider-missing',
    layer: 'web-identity',
    text: r`Error: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com`
  },
  {
    source: 'https://github.com/treeverse/dvc.org/pull/5273',
    cause: 'oidc-provider-missing',
    layer: 'web-identity',
    action: 'sts:AssumeRoleWithWebIdentity',
    text: r`InvalidIdentityTokenException:
An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://studio.dvc.ai/api`
  },
  {
    source: 'https://github.com/aws-samples/aws-secret-sidecar-injector/issues/30',
    cause: 'oidc-provider-missing',
    layer: 'web-identity',
    text: r`WebIdentityError: Failed to retrieve credentials.
caused by Invalid Identity token: No OpenIDConnect provider found in account  `
  },
  {
    source: 'https://github.com/awslabs/amazon-eks-irsa-cfn/pull/18',
    cause: 'oidc-audience-mismatch',
    layer: 'web-identity',
    action: 'sts:AssumeRoleWithWebIdentity',
    text: r`An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience`
  },
  { source: 'https://github.com/glassechidna/ghaoidc/issues/3', cause: 'oidc-audience-mismatch', layer: 'web-identity', text: r`InvalidIdentityToken: Incorrect token audience` },
  {
    source: 'https://github.com/floci-io/floci/issues/3205',
    cause: 'web-identity-token-invalid',
    layer: 'web-identity',
    text: r`ExpiredTokenException
  code: ExpiredTokenException
  httpStatusCode: 400
  message: "The web identity token that was passed is expired or is not valid. Get a new
            identity token from the identity provider and then retry the request."`
  },
  {
    source: 'https://github.com/aws/aws-sdk-js/issues/198',
    cause: 'idp-rejected',
    layer: 'web-identity',
    text: r`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>IDPRejectedClaim</Code>
    <Message>graph.facebook.com: graph.facebook.com responded with HTTP/1.1 400 Bad Request</Message>
  </Error>
  <RequestId>af0f7b07-5208-11e3-81b2-cfe47957f7e6</RequestId>
</ErrorResponse>`
  }
]

/** Texts that are not AWS errors: explain must say "not recognised" and list no IAM guesses. */
export const UNRELATED_TEXTS: readonly string[] = [
  'hello world',
  `TypeError: Cannot read properties of undefined (reading 'map')
    at render (/app/src/components/List.tsx:12:20)
    at processChild (/app/node_modules/react-dom/cjs/react-dom-server.node.development.js:3043:14)`,
  'Segmentation fault (core dumped)'
]
