package dev.hangar.server.message;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of everything the server writes for people: each code, stable and dotted, with its
 * one English template. Problem details, endpoint events and state reasons, memory estimates and
 * runtime problems are made here, so the English and the code cannot drift apart. The UI holds a
 * translation of each code (ui/src/i18n/server/); MessageCatalogTest keeps ui/src/i18n/server/codes.json
 * equal to this list, and the UI's test fails on a code without a translation.
 */
public enum MessageCode {
    // Problems any request can meet (problem+json)
    PROBLEM_INTERNAL(
            "problem.internal",
            "Hangar failed on this request; the server log has the details under request id {requestId}."),
    PROBLEM_INTERNAL_NO_ID("problem.internalNoId", "Hangar failed on this request; the server log has the details."),
    PROBLEM_NO_ROUTE("problem.noRoute", "No API route {path}; the API reference is at /docs."),
    PROBLEM_NOTHING_AT("problem.nothingAt", "Nothing at {path}."),
    PROBLEM_STATUS("problem.status", "{title}."),
    PROBLEM_REQUEST("problem.request", "{detail}"),
    PROBLEM_METHOD("problem.method", "Method {method} is not supported here; allowed: {allowed}."),
    PROBLEM_MISSING_PARAMETER("problem.missingParameter", "The query parameter '{name}' is required."),
    PROBLEM_CONTENT_TYPE(
            "problem.contentType", "Content-Type {contentType} is not supported here; send application/json."),
    PROBLEM_NOT_FOUND("problem.notFound", "No {what} '{name}' exists, or you may not see it."),
    PROBLEM_BODY_MISSING("problem.bodyMissing", "The request body is missing or is not valid JSON."),
    PROBLEM_BODY_NOT_JSON("problem.bodyNotJson", "The request body is not valid JSON: {reason}"),
    PROBLEM_BODY_NOT_JSON_AT(
            "problem.bodyNotJsonAt", "The request body is not valid JSON at line {line}, column {column}: {reason}"),
    PROBLEM_BODY_UNREADABLE("problem.bodyUnreadable", "The request body could not be read: {reason}"),
    PROBLEM_BODY_INVALID("problem.bodyInvalid", "The request body is not valid: {reason}"),
    PROBLEM_BODY_TOO_LARGE("problem.bodyTooLarge", "The request body is larger than the limit of {limit} bytes."),
    PROBLEM_BODY_OVER_LIMIT(
            "problem.bodyOverLimit", "The request body has {size} bytes; the limit here is {limit} bytes."),
    PROBLEM_INVALID_REQUEST("problem.invalidRequest", "The request is not valid."),
    PROBLEM_INVALID_FIELDS("problem.invalidFields", "{fields}"),
    PROBLEM_FIELD("problem.field", "{field}: {problem}"),

    // Field problems (problem+json errors[])
    FIELD_UNKNOWN("field.unknown", "unknown field; known fields are {known}"),
    FIELD_UNKNOWN_NO_LIST("field.unknownNoList", "unknown field"),
    FIELD_NOT_VALID("field.notValid", "'{value}' is not a valid {type}"),
    FIELD_NOT_A("field.notA", "'{value}' is not {type}"),
    FIELD_NOT_ONE_OF("field.notOneOf", "'{value}' is not one of {choices}"),
    FIELD_MUST_BE("field.mustBe", "must be {type}"),
    FIELD_NOT_BLANK("field.notBlank", "must not be blank"),
    FIELD_NOT_NULL("field.notNull", "must not be null"),
    FIELD_SIZE("field.size", "size must be between {min} and {max}"),
    FIELD_MIN("field.min", "must be greater than or equal to {value}"),
    FIELD_MAX("field.max", "must be less than or equal to {value}"),
    FIELD_INVALID("field.invalid", "{reason}"),
    TYPE_OTHER("type.other", "a value of another type"),
    TYPE_ONE_OF("type.oneOf", "one of {choices}"),
    TYPE_STRING("type.string", "a string"),
    TYPE_INTEGER("type.integer", "an integer"),
    TYPE_NUMBER("type.number", "a number"),
    TYPE_BOOLEAN("type.boolean", "true or false"),
    TYPE_DATE_TIME("type.dateTime", "a date-time like 2030-01-31T12:00:00Z"),
    TYPE_ARRAY("type.array", "an array"),
    TYPE_OBJECT("type.object", "an object"),
    TYPE_NAMED("type.named", "a {name}"),
    // Endpoint environment variables
    ENV_TOO_MANY("env.tooMany", "at most {max} variables (got {count})"),
    ENV_NAME(
            "env.name",
            "is not an allowed variable name: upper-case letters, digits and '_', starting with a letter, at most 64 characters"),
    ENV_VALUE("env.value", "needs a value of at most {max} characters"),
    ENV_RESERVED("env.reserved", "may not be set: {why} (an admin may allow it with HANGAR_REPLICA_ENV_ALLOW)"),
    ENV_RESERVED_LOADER("env.reserved.loader", "the dynamic loader or the C library reads it to load code"),
    ENV_RESERVED_INTERPRETER("env.reserved.interpreter", "a JVM or an interpreter reads it to load code"),
    ENV_RESERVED_SHELL("env.reserved.shell", "shells read it"),
    ENV_RESERVED_RUNTIME(
            "env.reserved.runtime",
            "Hangar or the runtime sets it: use the endpoint's engine arguments and resource instead"),
    // Limits
    LIMIT_ENDPOINTS(
            "limit.endpoints",
            "You own {held} endpoint(s), the most you may ({max} endpoint(s)); delete one you no longer use, or ask an admin to raise your maxEndpoints."),
    LIMIT_REPLICAS(
            "limit.replicas",
            "Your endpoints may run {held} replica(s) together (each counted at its maxReplicas); {added} more would pass your limit of {max} replica(s). Lower maxReplicas somewhere, delete an endpoint, or ask an admin to raise your maxReplicas."),
    // Endpoints
    ENDPOINT_NAME_TAKEN("endpoint.nameTaken", "You already have an endpoint named '{name}'."),
    ENDPOINT_NAME_JUST_TAKEN("endpoint.nameJustTaken", "An endpoint named '{name}' was just created."),
    ENDPOINT_ONLY_ROUTER(
            "endpoint.onlyRouter", "only router endpoints (runtime {router}) have an upstream and token prices"),
    ENDPOINT_MODEL_REQUIRED(
            "endpoint.modelRequired",
            "is required: the registry model to deploy (or runtime {router} with an upstream for a router endpoint)"),
    ENDPOINT_NOT_FOR_ROUTER(
            "endpoint.notForRouter",
            "does not apply to a router endpoint (runtime {router}), which runs no replicas of its own"),
    ENDPOINT_NOT_FOR_ROUTER_HINT(
            "endpoint.notForRouterHint",
            "does not apply to a router endpoint (runtime {router}), which runs no replicas of its own; {hint}"),
    ENDPOINT_ROUTER_HINT_MODEL("endpoint.routerHint.model", "set upstream.model to the provider's model name"),
    ENDPOINT_ROUTER_HINT_ONE_PROVIDER("endpoint.routerHint.oneProvider", "it forwards to one provider"),
    ENDPOINT_ROUTER_HINT_UPSTREAM(
            "endpoint.routerHint.upstream", "change its upstream instead; engineArgs, env and resource do not apply"),
    ENDPOINT_MODEL_DELETED(
            "endpoint.modelDeleted",
            "Endpoint '{name}' has no model any more: the model's owner deleted it. Delete this endpoint and deploy another model."),
    ENDPOINT_MODEL_WITHDRAWN(
            "endpoint.modelWithdrawn",
            "Model '{model}' was made private by its owner, so endpoint '{name}' cannot start again. Delete it and deploy another model."),
    ENDPOINT_MODEL_NOT_READY(
            "endpoint.modelNotReady", "Model '{model}' is {status}; only ready models can be deployed."),
    ENDPOINT_MODEL_NOT_READY_BECAUSE(
            "endpoint.modelNotReadyBecause",
            "Model '{model}' is {status}; only ready models can be deployed ({reason})."),
    ENDPOINT_MODEL_IS_ADAPTER(
            "endpoint.modelIsAdapter",
            "'{model}' is a LoRA adapter for {base}; deploy a {base} model and list the adapter in its adapters"),
    ENDPOINT_ADAPTERS_BUILT_IN_ONLY(
            "endpoint.adaptersBuiltInOnly",
            "LoRA adapters are served by the built-in runtime llama.cpp; runtime {runtime} takes them as engine"
                    + " arguments"),
    ENDPOINT_ADAPTER_NOT_LORA("endpoint.adapterNotLora", "'{model}' is not a LoRA adapter"),
    ENDPOINT_ADAPTER_OTHER_BASE(
            "endpoint.adapterOtherBase",
            "'{adapter}' is a LoRA adapter for {adapterFor} models, but '{model}' is a {architecture} model"),
    ENDPOINT_ADAPTER_TWICE("endpoint.adapterTwice", "'{model}' is listed twice"),
    ENDPOINT_REPLICA_BOUNDS(
            "endpoint.replicaBounds",
            "replicas must satisfy 0 <= minReplicas <= maxReplicas, 1 <= maxReplicas <= {limit} (got min {min}, max {max})"),
    ENDPOINT_REPLICAS_BETWEEN(
            "endpoint.replicasBetween", "must be between minReplicas {min} and maxReplicas {max} (got {wanted})"),
    ENDPOINT_ACTION_NOT_ALLOWED(
            "endpoint.actionNotAllowed",
            "Endpoint '{name}' is {state}; cannot {action} it now. Allowed in {state}: {allowed}."),
    ENDPOINT_CHANGED_MEANWHILE("endpoint.changedMeanwhile", "Endpoint '{name}' changed meanwhile; look at it again."),
    // Engine arguments
    ARG_UNKNOWN("arg.unknown", "is not an argument of {runtime}; known: {known}"),
    ARG_NOT_BOOLEAN("arg.notBoolean", "must be true or false, not {value}"),
    ARG_NOT_INTEGER("arg.notInteger", "must be a whole number, not {value}"),
    ARG_NOT_NUMBER("arg.notNumber", "must be a number, not {value}"),
    ARG_OUT_OF_RANGE("arg.outOfRange", "must be between {min} and {max}, not {value}"),
    ARG_NOT_A_CHOICE("arg.notAChoice", "must be one of {choices}, not '{value}'"),
    ARG_TEXT("arg.text", "must be 1-{max} characters without control characters"),
    ARG_MODEL_REFERENCE(
            "arg.modelReference", "must name a registry model you may use (its name or id), not a path or '{value}'"),
    ARG_TEMPLATE(
            "arg.template", "must be the template's text (not a path), 1-{max} characters without control characters"),
    ARG_NOT_SINGLE("arg.notSingle", "must be a single value, not {value}"),
    ARG_ADMIN_ONLY("arg.adminOnly", "only an admin may set it"),
    ARG_ADMIN_ONLY_DETAIL(
            "arg.adminOnlyDetail",
            "{field}: only an admin may set it, because it makes {runtime} run code that comes with the model."),
    ARG_NOT_READY_GGUF("arg.notReadyGguf", "model '{model}' is not a ready GGUF model"),
    // Runtimes and resources of a deployment
    RUNTIME_NONE_SERVES("runtime.noneServes", "no runtime serves {format} models; runtimes: {runtimes}"),
    RUNTIME_UNKNOWN("runtime.unknown", "unknown runtime '{runtime}'; runtimes: {runtimes}"),
    RUNTIME_DOES_NOT_SERVE(
            "runtime.doesNotServe",
            "{runtime} does not serve {format} models; runtimes that fit model '{model}': {runtimes}"),
    RESOURCE_NO_GPU_IN_CLUSTER(
            "resource.noGpuInCluster",
            "{runtime} needs a GPU ({devices}) and cluster {cluster} has no deployment resource with one; add a GPU resource or pick a runtime that runs on the CPU"),
    RESOURCE_NOT_FOR_DEPLOYMENTS(
            "resource.notForDeployments",
            "resource {resource} is not offered for deployments; resources that are: {resources}"),
    RESOURCE_NO_GPU(
            "resource.noGpu",
            "{runtime} needs a GPU ({devices}) and resource {resource} has none; resources that fit: {resources}"),
    // Router endpoints
    UPSTREAM_URL_REQUIRED(
            "upstream.urlRequired",
            "is required for the openai-compatible runtime: the provider's base URL, such as https://api.openai.com/v1"),
    UPSTREAM_URL_BAD("upstream.urlBad", "{problem}; give the provider's base URL, such as https://api.openai.com/v1"),
    UPSTREAM_URL_REFUSED("upstream.urlRefused", "is refused: {reason}"),
    UPSTREAM_URL_UNRESOLVED("upstream.urlUnresolved", "names a host that does not resolve ({host})"),
    UPSTREAM_URL_INVALID("upstream.urlInvalid", "is not a URL ({reason})"),
    UPSTREAM_URL_SCHEME("upstream.urlScheme", "must start with http:// or https://"),
    UPSTREAM_URL_NO_HOST("upstream.urlNoHost", "has no host"),
    UPSTREAM_URL_CREDENTIALS(
            "upstream.urlCredentials",
            "must not carry credentials; give the key as upstream.apiKey, which is stored encrypted"),
    UPSTREAM_URL_QUERY("upstream.urlQuery", "must end with its path (such as /v1), without a query or fragment"),
    UPSTREAM_MODEL_BLANK(
            "upstream.modelBlank", "must not be blank: the model name the provider knows, such as gpt-4o-mini"),
    // Memory estimates and admission
    MEMORY_KIND_RAM("memory.kind.ram", "memory"),
    MEMORY_KIND_GPU("memory.kind.gpu", "GPU memory"),
    MEMORY_ESTIMATE(
            "memory.estimate",
            "weights {weights} + KV cache {kvCache} ({kvCacheBasis}) + overhead {overhead} ({overheadBasis}) = {total}"),
    MEMORY_ESTIMATE_GPU(
            "memory.estimateGpu",
            "weights {weights} + KV cache {kvCache} ({kvCacheBasis}) + overhead {overhead} ({overheadBasis}) = {total} of GPU memory"),
    MEMORY_ESTIMATE_NO_KV("memory.estimateNoKv", "weights {weights} + overhead {overhead} ({overheadBasis}) = {total}"),
    MEMORY_ESTIMATE_GPU_NO_KV(
            "memory.estimateGpuNoKv",
            "weights {weights} + overhead {overhead} ({overheadBasis}) = {total} of GPU memory"),
    MEMORY_KV_NOT_ESTIMATED(
            "memory.kvNotEstimated", "not estimated: the model does not state its layers, heads and embedding length"),
    MEMORY_KV_BASIS(
            "memory.kvBasis", "ctx {ctx} × {layers} layers × {kvHeads} KV heads × {headDim} dims × K and V in {type}"),
    MEMORY_KV_BASIS_MIXED(
            "memory.kvBasisMixed",
            "ctx {ctx} × {layers} layers × {kvHeads} KV heads × {headDim} dims × K in {keyType} and V in {valueType}"),
    MEMORY_PROCESS("memory.process", "{process} {bytes}"),
    MEMORY_OVERHEAD_SCRATCH(
            "memory.overheadScratch",
            "{process} {processBytes} + attention scratch {scratch} for {batch}-token batches"),
    MEMORY_OVERHEAD_SELF_MANAGED(
            "memory.overheadSelfManaged",
            "20% of the weights for activations and buffers; {runtime} sizes its KV cache from what is left"),
    ADMISSION_RESOURCE_TOO_SMALL(
            "admission.resourceTooSmall",
            "Endpoint needs {needed} of {kind} per replica; resource {resource} has {available} per replica. Per replica: {estimate}. Pick a resource with more memory."),
    ADMISSION_RESOURCE_TOO_SMALL_CONTEXT(
            "admission.resourceTooSmallContext",
            "Endpoint needs {needed} of {kind} per replica; resource {resource} has {available} per replica. Per replica: {estimate}. Pick a resource with more memory, or a smaller context."),
    ADMISSION_MACHINE_TOO_SMALL(
            "admission.machineTooSmall",
            "Endpoint needs {replicas} × {each} = {all} of {kind}; this machine has {available} available. Per replica: {estimate}. Deploy fewer replicas, or free memory first."),
    // Endpoint events and state reasons
    EVENT_CREATED("event.created", "created by {user}: {summary}"),
    EVENT_SETTINGS_CHANGED("event.settingsChanged", "settings changed by {user}"),
    EVENT_UPSTREAM_CHANGED("event.upstreamChanged", "upstream changed by {user}: model {model} at {url}"),
    EVENT_UPSTREAM_CHANGED_KEY_REMOVED(
            "event.upstreamChangedKeyRemoved", "upstream changed by {user}: model {model} at {url}, API key removed"),
    EVENT_UPSTREAM_CHANGED_KEY_REPLACED(
            "event.upstreamChangedKeyReplaced", "upstream changed by {user}: model {model} at {url}, API key replaced"),
    EVENT_SCALED("event.scaled", "scaled from {from} to {to} replica(s) by {user}"),
    REASON_REQUESTED("reason.requested", "{action} requested by {user}"),
    REASON_STOPPING("reason.stopping", "stopping: {why}"),
    REASON_STOPPED("reason.stopped", "stopped"),
    REASON_STOPPED_BECAUSE("reason.stoppedBecause", "stopped: {why}"),
    REASON_DELETING("reason.deleting", "being deleted by {user}"),
    MODEL_WITHDRAWN_PRIVATE(
            "model.withdrawnPrivate",
            "model '{model}' was made private by {user}, so this endpoint stopped; delete it and deploy another model"),
    MODEL_WITHDRAWN_DELETED(
            "model.withdrawnDeleted",
            "model '{model}' was deleted by {user}, so this endpoint stopped; delete it and deploy another model"),
    MODEL_SERVED("model.served", "Model '{name}' is served by endpoint(s) {endpoints}; delete them first."),
    // Endpoint events and state reasons
    EVENT_CREATED_SUMMARY(
            "event.createdSummary", "model {model} on {runtime}, resource {resource}, {replicas} replica(s)"),
    EVENT_CREATED_ROUTER("event.createdRouter", "router to model {model} at {url} with an API key"),
    EVENT_CREATED_ROUTER_NO_KEY("event.createdRouterNoKey", "router to model {model} at {url} (no API key)"),
    // Deployment steps
    STEP_VALIDATE("step.validate", "Validate configuration"),
    STEP_FETCH_MODEL("step.fetchModel", "Fetch model"),
    STEP_LOAD("step.load", "Load model"),
    STEP_PREPARE("step.prepare", "Prepare runtime"),
    STEP_START_SERVER("step.startServer", "Start server"),
    STEP_VERIFY("step.verify", "Verify and register"),
    EVENT_STEP_DONE("event.stepDone", "{step}: {detail} ({ms} ms)"),
    EVENT_STEP_FAILED("event.stepFailed", "{step} failed: {reason}"),
    STEP_VALIDATED("step.validated", "{runtime} on resource {resource}, model {model}"),
    STEP_FILES_IN_PLACE("step.filesInPlace", "{count} file(s) in place at {path}"),
    STEP_PAGED_IN("step.pagedIn", "weights read into the page cache"),
    STEP_NOT_PAGED_IN("step.notPagedIn", "weights left to the runtime to read"),
    STEP_SLOTS_READY("step.slotsReady", "{count} replica slot(s) ready to start"),
    STEP_SERVERS_UP("step.serversUp", "{count} server(s) answering their health check"),
    STEP_SMOKE_ANSWERED("step.smokeAnswered", "smoke request answered by every replica"),
    STEP_ROUTER_TO("step.routerTo", "router to model {model} at {url}"),
    STEP_ROUTER_NOTHING_TO_FETCH("step.routerNothingToFetch", "nothing to fetch: the provider serves the model"),
    STEP_ROUTER_NOTHING_TO_LOAD("step.routerNothingToLoad", "nothing to load: the provider holds the weights"),
    STEP_ROUTER_SLOT("step.routerSlot", "replica {replica} is served by the provider"),
    STEP_ROUTER_NO_SERVER("step.routerNoServer", "no server to start: requests go to {url}"),
    STEP_ROUTER_VERIFIED("step.routerVerified", "the provider answered with the endpoint's key"),
    // Endpoint events and state reasons (deployment)
    REASON_DETAIL("reason.detail", "{detail}"),
    REASON_SERVING("reason.serving", "serving {name} on {count} replica(s): {addresses}"),
    REASON_FORWARDING("reason.forwarding", "forwarding to model {model} at {url}"),
    REASON_PROVIDER_KEY(
            "reason.providerKey", "{reason}; set the provider key again (PATCH with upstream.apiKey), then start it"),
    REASON_PROVIDER_SLOT_GONE(
            "reason.providerSlotGone", "the provider's replica slot was stopped or removed meanwhile"),
    REASON_FILE_CHANGED(
            "reason.fileChanged",
            "model file {path} changed since it was imported ({then} bytes then, {now} now); import the model again"),
    REASON_FILE_GONE("reason.fileGone", "model file {path} is gone: import the model again or restore the file"),
    REASON_RUNTIME_UNKNOWN("reason.runtimeUnknown", "runtime {runtime} is no longer known"),
    REASON_NOT_INSTALLED("reason.notInstalled", "{runtime} is not installed on cluster {cluster}: {problem}"),
    REASON_MODEL_DELETED("reason.modelDeleted", "the model was deleted"),
    REASON_FILES_GONE("reason.filesGone", "files of model {model} are gone from {path}: {files}"),
    REASON_MODEL_NOT_READY("reason.modelNotReady", "model {model} is {status}"),
    REASON_MODEL_NOT_READY_BECAUSE("reason.modelNotReadyBecause", "model {model} is {status}: {reason}"),
    REASON_ARG_MODEL_DELETED("reason.argModelDeleted", "it was deleted"),
    REASON_ARG_MODEL_PRIVATE("reason.argModelPrivate", "it is private to {owner}"),
    REASON_ARG_MODEL_STATUS("reason.argModelStatus", "it is {status}"),
    REASON_ARG_MODEL_UNAVAILABLE(
            "reason.argModelUnavailable", "{arg} model {model} is no longer available to {owner}: {why}"),
    // Replicas
    EVENT_REPLICA_STARTING("event.replicaStarting", "replica #{ordinal} starting: pid {pid} on port {port}"),
    EVENT_REPLICA_READY("event.replicaReady", "replica #{ordinal} ready at {address} (pid {pid})"),
    EVENT_REPLICA_STOPPED("event.replicaStopped", "replica #{ordinal} stopped ({why})"),
    EVENT_REPLICA_STOPPED_CODE("event.replicaStoppedCode", "replica #{ordinal} stopped ({why}), exit code {code}"),
    EVENT_START_ATTEMPT_FAILED("event.startAttemptFailed", "start attempt {attempt} of {attempts} failed: {reason}"),
    EVENT_ADOPTION_ENDED(
            "event.adoptionEnded",
            "replica #{ordinal} (pid {pid}, port {port}) ended while the server was down; a new one will be started"),
    EVENT_ADOPTION_ANOTHER(
            "event.adoptionAnother",
            "replica #{ordinal} (pid {pid}, port {port}) refused its replica token, so it is another process; it was stopped"),
    EVENT_ADOPTION_UNSETTLED(
            "event.adoptionUnsettled",
            "replica #{ordinal} (pid {pid}, port {port}) was {state} when the server stopped; it was stopped to start clean"),
    EVENT_ADOPTED("event.adopted", "replica #{ordinal} (pid {pid}, port {port}) adopted after a server restart"),
    REASON_CRASH_LOOP(
            "reason.crashLoop", "replicas crashed {count} times within {minutes} minutes; the last: {reason}"),
    EVENT_CRASHED_RESTARTING("event.crashedRestarting", "{reason}; starting it again in {seconds} s"),
    EVENT_PASS_FAILED("event.passFailed", "reconciling the endpoint failed ({error}); trying again in {seconds} s"),
    EVENT_STOPPED("event.stopped", "stopped; every replica process has exited"),
    // Replicas
    EVENT_CANNOT_START("event.cannotStart", "cannot start replicas: {reason}"),
    // Runtime installations
    INSTALL_NO_WORKER_JAR(
            "install.noWorkerJar",
            "the worker jar is not built: run ./hangar build (or set hangar.runtime.worker-jar)"),
    INSTALL_NOT_ON_PATH("install.notOnPath", "{command} is not on the PATH"),
    INSTALL_NOT_ON_SEARCH_PATH("install.notOnSearchPath", "{command} is not on the PATH nor in {searchPath}"),
    INSTALL_PROBE_TIMEOUT("install.probeTimeout", "{command} did not answer within {timeout}"),
    INSTALL_PROBE_FAILED("install.probeFailed", "{command} failed: {output}"),
    INSTALL_CANNOT_RUN("install.cannotRun", "cannot run {command}: {reason}"),
    // Sign-in and API keys
    AUTH_NEEDS_CREDENTIALS(
            "auth.needsCredentials",
            "This needs 'Authorization: Bearer <api key>' or a session from POST /api/v1/auth/login."),
    AUTH_ADVICE_KEY_FILE(
            "auth.adviceKeyFile",
            "{refusal} The first admin key is in {path} on the server's machine; more keys: POST /api/v1/api-keys or"
                    + " the console's API keys page."),
    AUTH_ADVICE_KEY_SETTING(
            "auth.adviceKeySetting",
            "{refusal} The admin key is the server's HANGAR_ADMIN_API_KEY; more keys: POST /api/v1/api-keys or the"
                    + " console's API keys page."),
    AUTH_BAD_HEADER("auth.badHeader", "The Authorization header must be 'Bearer <api key>'."),
    AUTH_CROSS_SITE(
            "auth.crossSite",
            "A write with the session cookie must come from Hangar's own pages (Origin / Sec-Fetch-Site); scripts use an API key."),
    AUTH_KEY_INVALID("auth.keyInvalid", "The API key is not valid: it is unknown or was revoked."),
    AUTH_KEY_EXPIRED("auth.keyExpired", "The API key expired at {at}; create a new one."),
    AUTH_ADMIN_ONLY("auth.adminOnly", "This needs the admin role."),
    AUTH_ADMIN_OR_SCRAPE_TOKEN(
            "auth.adminOrScrapeToken", "This needs the admin role or the scrape token (HANGAR_METRICS_TOKEN)."),
    AUTH_WRONG_PASSWORD("auth.wrongPassword", "Wrong username or password."),
    AUTH_USER_DISABLED("auth.userDisabled", "User '{user}' is disabled; ask an admin."),
    AUTH_TOO_MANY_LOGINS(
            "auth.tooManyLogins",
            "Too many failed logins for this user or from this address; try again in {seconds} s."),
    PASSWORD_TOO_LONG("password.tooLong", "must be at most {max} bytes in UTF-8 (bcrypt reads no further)"),
    PASSWORD_NOT_CURRENT("password.notCurrent", "is not the current password"),
    KEY_EXPIRY_PAST("key.expiryPast", "must be in the future"),
    KEY_EXPIRY_AFTER_CREATOR(
            "key.expiryAfterCreator", "must be no later than {at}, when the key that creates it expires"),
    KEY_LIMIT_ABOVE("key.limitAbove", "must be at most {ceiling}, the limit of {whose}"),
    KEY_LIMITS_ADMIN_ONLY("key.limitsAdminOnly", "Only an admin may change an API key's limits."),
    KEY_LIST_ALL_ADMIN_ONLY("key.listAllAdminOnly", "Only an admin may list everyone's API keys (all=true)."),
    KEY_NAME_TAKEN("key.nameTaken", "You already have an API key named '{name}'; revoke it or choose another name."),
    KEY_NAME_JUST_TAKEN("key.nameJustTaken", "An API key named '{name}' was just created; choose another name."),
    LIMIT_KEYS(
            "limit.keys",
            "You hold {held} API keys, the most you may ({max}); revoke one you no longer use, or ask an admin to raise your maxKeys."),
    // Users
    USER_NAME_TAKEN("user.nameTaken", "A user named '{name}' already exists."),
    USER_NAME_JUST_TAKEN("user.nameJustTaken", "A user named '{name}' was just created."),
    USER_DISABLE_SELF("user.disableSelf", "You cannot disable your own user; ask another admin."),
    USER_DELETE_SELF("user.deleteSelf", "You cannot delete your own user; ask another admin."),
    USER_ROLE_SELF("user.roleSelf", "You cannot change your own role; ask another admin."),
    USER_LAST_ADMIN(
            "user.lastAdmin",
            "'{user}' is the last enabled admin; make another user an admin first, so that someone can still manage Hangar."),
    USER_STILL_OWNS(
            "user.stillOwns",
            "User '{user}' still owns endpoints, models or datasets; delete the user with ?resources=delete or ?resources=reassign&to=<user>."),
    USER_DELETE_TO_ONLY_REASSIGN("user.deleteToOnlyReassign", "is only for resources=reassign"),
    USER_DELETE_TO_REQUIRED(
            "user.deleteToRequired", "names the user who gets the deleted user's endpoints, models and datasets"),
    USER_DELETE_TO_SELF("user.deleteToSelf", "must be another user than the one deleted"),
    USER_DELETE_NAME_CLASH(
            "user.deleteNameClash",
            "User '{heir}' already owns something with the name of one of '{user}''s endpoints, models or datasets; rename one of the two first."),
    USER_DELETE_RESOURCES("user.deleteResources", "must be none, reassign or delete"),
    // What a message is about
    NOUN_ENDPOINT("noun.endpoint", "endpoint"),
    NOUN_MODEL("noun.model", "model"),
    NOUN_DATASET("noun.dataset", "dataset"),
    NOUN_API_KEY("noun.apiKey", "API key"),
    NOUN_USER("noun.user", "user"),
    NOUN_RESOURCE("noun.resource", "resource"),
    NOUN_CLUSTER("noun.cluster", "cluster"),
    NOUN_RUNTIME("noun.runtime", "runtime"),
    NOUN_REPLICA("noun.replica", "replica of endpoint {endpoint}"),
    // Sign-in and API keys
    KEY_WHOSE_USER("key.whoseUser", "your user (an admin sets it)"),
    KEY_WHOSE_CREATOR("key.whoseCreator", "the API key creating it"),
    // Ownership and names
    OWNER_ONLY("owner.only", "Only the owner of {what} {name} or an admin may {purpose}."),
    PURPOSE_CHANGE("purpose.change", "change it"),
    PURPOSE_READ_EVENTS("purpose.readEvents", "read its events"),
    PURPOSE_SEE_REPLICAS("purpose.seeReplicas", "see its replicas"),
    PURPOSE_READ_LOGS("purpose.readLogs", "read its replicas' logs"),
    PUBLIC_NAME_TAKEN(
            "name.publicTaken",
            "'{name}' is the name of public {what} {other}; names are unique among what everyone can see, so choose another name."),
    PUBLIC_NAME_JUST_TAKEN("name.publicJustTaken", "Another public {what} named '{name}' was just made public."),
    NAME_TAKEN("name.taken", "You already have a {what} named '{name}'."),
    NAME_JUST_TAKEN("name.justTaken", "A {what} named '{name}' was just registered."),
    CHANGED_MEANWHILE("name.changedMeanwhile", "The {what} '{name}' changed meanwhile; look at it again."),
    // Uploads and local paths
    UPLOAD_OWNER_BUSY("upload.ownerBusy", "Another upload of yours is in progress; send one file at a time."),
    UPLOAD_MODEL_BUSY("upload.modelBusy", "Another upload to this model is in progress; send one file at a time."),
    UPLOAD_STILL_RUNNING("upload.stillRunning", "An upload to this model is still in progress; wait for it to finish."),
    UPLOAD_NAME_CLASH("upload.nameClash", "'{name}' clashes with a file or directory already uploaded ({reason})."),
    UPLOAD_OFFSET("upload.offset", "The store has {have} bytes of '{name}'; send the rest from offset={have}."),
    UPLOAD_QUOTA(
            "upload.quota",
            "'{name}' would take the uploaded models of its owner past their storage quota ({left} bytes left); delete uploaded models or ask an admin to raise their storageBytes limit."),
    UPLOAD_NO_ROOM(
            "upload.noRoom",
            "The server's disk has no room for '{name}': {free} bytes are free beyond the {reserve} bytes kept for the database and logs (HANGAR_STORAGE_RESERVE). The bytes received so far are kept; resume once an admin has made room."),
    UPLOAD_FILE_NAME(
            "upload.fileName",
            "'{name}' is not a file name an upload may use (letters, digits, '.', '_', '-', and '/' between parts)"),
    PATH_INVALID("path.invalid", "is not a valid path: {reason}"),
    PATH_NOT_ABSOLUTE("path.notAbsolute", "must be an absolute path"),
    PATH_DOTDOT("path.dotdot", "must not contain '..'"),
    PATH_MISSING("path.missing", "'{path}' does not exist"),
    PATH_HIDDEN("path.hidden", "'{path}' is a hidden file or lies in a hidden directory; those are never imported."),
    PATH_NOT_FILE("path.notFile", "'{path}' is not a regular file or a directory"),
    PATH_UNREADABLE("path.unreadable", "'{path}' is not readable by the Hangar server"),
    PATH_IN_HOME(
            "path.inHome",
            "'{path}' is inside Hangar's own directory (its secrets, database and the uploaded models of every user), which is never registered in place; upload the files instead."),
    PATH_OUTSIDE_ROOTS_ADMIN(
            "path.outsideRootsAdmin",
            "'{path}' is outside the directories models and datasets may be registered from in place; HANGAR_MODEL_ROOTS names them. {allowed}"),
    PATH_OUTSIDE_ROOTS(
            "path.outsideRoots",
            "'{path}' is outside the directories users may register models and datasets from in place; upload the files instead, or ask an admin to grant the directory (HANGAR_USER_MODEL_ROOTS). {allowed}"),
    // Resources
    RESOURCE_GPU_TYPE_NEEDED("resource.gpuTypeNeeded", "is needed when gpuCount is more than 0"),
    RESOURCE_ADMIN_ONLY("resource.adminOnly", "Only an admin may change resources."),
    RESOURCE_NAME_TAKEN("resource.nameTaken", "Cluster '{cluster}' already has a resource named '{name}'."),
    RESOURCE_NAME_JUST_TAKEN("resource.nameJustTaken", "A resource named '{name}' was just created."),
    RESOURCE_IN_USE(
            "resource.inUse",
            "Resource '{name}' is used by endpoint(s) {endpoints}; delete them or move them to another resource first."),
    // Metrics and usage
    RANGE_FROM_AFTER_TO("range.fromAfterTo", "must be before 'to' ({to})"),
    RANGE_STEP_MINUTES("range.stepMinutes", "must be a whole number of minutes, at least 1m"),
    RANGE_TOO_MANY_POINTS(
            "range.tooManyPoints", "gives {points} points over this range; at most {max} (take a longer step)"),
    RANGE_INSTANT("range.instant", "must be an ISO-8601 instant such as 2026-11-23T10:00:00Z"),
    RANGE_DURATION("range.duration", "must be a duration such as 1m, 5m, 1h or PT5M"),
    USAGE_OTHERS_ADMIN_ONLY("usage.othersAdminOnly", "Only an admin may see another user's usage."),
    // Models and datasets
    MODEL_REIMPORT_NOT_FAILED(
            "model.reimportNotFailed", "Model '{name}' is {status}; only a failed model can be imported again."),
    MODEL_TASK("model.task", "must be one of {tasks}"),
    MODEL_SOURCE_NOT_YET(
            "model.sourceNotYet",
            "'{type}' imports are not available yet; register a local file or directory (type 'local')"),
    UPLOAD_NOTHING("upload.nothing", "Nothing was uploaded to model '{name}' yet."),
    UPLOAD_NOT_UPLOAD("upload.notUpload", "Model '{name}' was registered from {type} files, not by upload."),
    UPLOAD_COMPLETE("upload.complete", "The upload of model '{name}' is complete."),
    DATASET_IMPORTING(
            "dataset.importing", "Dataset '{name}' is being imported already; wait until it is ready or failed."),
    DATASET_EXTENSION(
            "dataset.extension", "'{name}' is not one of {extensions}; name its format with 'format' (jsonl or csv)"),
    DATASET_NO_FILES("dataset.noFiles", "the directory holds no {format}dataset files ({extensions})"),
    DATASET_BOTH_FORMATS(
            "dataset.bothFormats", "the directory holds both JSONL and CSV files; say which make up the dataset"),
    // Problems any request can meet (problem+json)
    PROBLEM_URL_NOT_ALLOWED(
            "problem.urlNotAllowed",
            "The request URL is not allowed: it holds '..', '//', an encoded slash or another sequence that could reach outside its path."),
    PROBLEM_UNREADABLE_REQUEST("problem.unreadableRequest", "Bad request: {reason}"),
    // The OpenAI-compatible gateway (/v1)
    GATEWAY_MODEL_REQUIRED(
            "gateway.modelRequired", "is required: the name of an endpoint, as GET /v1/models lists them"),
    GATEWAY_MESSAGES_ARRAY("gateway.messagesArray", "must be an array of messages"),
    GATEWAY_INPUT_REQUIRED("gateway.inputRequired", "is required: a string or an array of strings or tokens"),
    GATEWAY_QUERY_REQUIRED("gateway.queryRequired", "is required: the text the documents are ranked against"),
    GATEWAY_INTEGER("gateway.integer", "must be an integer"),
    GATEWAY_NUMBER("gateway.number", "must be a number"),
    GATEWAY_STOP("gateway.stop", "must be a string or an array of strings"),
    GATEWAY_MESSAGE_ROLE("gateway.messageRole", "must be an object with a 'role' such as \"user\""),
    GATEWAY_BOOLEAN("gateway.boolean", "must be true or false"),
    GATEWAY_STREAM_OPTIONS("gateway.streamOptions", "must be an object such as {\"include_usage\": true}"),
    GATEWAY_BODY_EMPTY(
            "gateway.bodyEmpty", "The request body is empty; send a JSON object with 'model' and '{field}'."),
    GATEWAY_BODY_NOT_OBJECT(
            "gateway.bodyNotObject",
            "The request body is not a JSON object; send a JSON object with 'model' and '{field}'."),
    GATEWAY_BODY_TRAILING(
            "gateway.bodyTrailing",
            "The request body has more after its JSON object; send a JSON object with 'model' and '{field}'."),
    GATEWAY_BODY_NOT_JSON(
            "gateway.bodyNotJson",
            "The request body is not valid JSON ({reason}); send a JSON object with 'model' and '{field}'."),
    GATEWAY_METHOD("gateway.method", "{method} is not allowed on {path}; use POST."),
    GATEWAY_RATE_REQUESTS(
            "gateway.rateRequests",
            "Rate limit reached for requests per minute on {holder}: limit {limit}. Retry after {seconds} s."),
    GATEWAY_RATE_TOKENS(
            "gateway.rateTokens",
            "Rate limit reached for tokens per minute on {holder}: limit {limit}. Retry after {seconds} s."),
    GATEWAY_QUOTA("gateway.quota", "the monthly quota of {quota} tokens on {holder} ({used} used in {month})"),
    GATEWAY_QUOTA_HELD(
            "gateway.quotaHeld",
            "the monthly quota of {quota} tokens on {holder} ({used} used in {month}, {held} held by requests in flight)"),
    GATEWAY_QUOTA_REACHED("gateway.quotaReached", "Reached {quota}; it renews on {renews}, or an admin can raise it."),
    GATEWAY_QUOTA_TOO_SMALL(
            "gateway.quotaTooSmall",
            "This request may use up to {tokens} tokens (its prompt and max_tokens), more than the {left} left of {quota}; lower max_tokens, or wait: it renews on {renews}, or an admin can raise it."),
    GATEWAY_MODEL_NOT_FOUND(
            "gateway.modelNotFound", "The model '{model}' does not exist or you do not have access to it."),
    GATEWAY_DATABASE_BUSY(
            "gateway.databaseBusy", "The gateway has too many requests waiting for its database; retry shortly."),
    GATEWAY_NOT_RUNNING(
            "gateway.notRunning",
            "Endpoint '{name}' is {state}, not Running; start it (POST /api/v1/endpoints/{name}/start) or wait until it is Running."),
    GATEWAY_NO_READY_REPLICA(
            "gateway.noReadyReplica", "Endpoint '{name}' has no ready replica right now; retry shortly."),
    GATEWAY_CANNOT_FORWARD(
            "gateway.cannotForward",
            "Endpoint '{name}' cannot forward to its provider: {problem}; its owner can set the key again (PATCH /api/v1/endpoints/{name} with upstream.apiKey)."),
    GATEWAY_NONE_ANSWERED("gateway.noneAnswered", "No replica of endpoint '{name}' answered: {failure}."),
    GATEWAY_PROVIDER_REFUSED_KEY(
            "gateway.providerRefusedKey",
            "The provider behind endpoint '{name}' refused its API key ({status}); the endpoint's owner can replace the key (PATCH /api/v1/endpoints/{name} with upstream.apiKey)."),
    GATEWAY_ROUTES_UNREADABLE(
            "gateway.routesUnreadable",
            "The gateway could not read its routing table from the database; retry shortly."),
    GATEWAY_REPLICA_BROKE_OFF(
            "gateway.replicaBrokeOff",
            "The replica serving endpoint '{name}' failed while answering; retry the request."),
    GATEWAY_INTERNAL(
            "gateway.internal",
            "The gateway failed to route this request; the server log has the details under request id {requestId}."),
    // Endpoint environment variables
    ENV_RESERVED_HANGAR("env.reserved.hangar", "HANGAR_ variables are set by Hangar itself"),
    // Uploads and local paths
    PATH_ROOTS_NONE("path.rootsNone", "There are none yet."),
    PATH_ROOTS_ARE("path.rootsAre", "They are: {roots}."),
    // Endpoint events and state reasons (deployment)
    REASON_REDEPLOY_NEW_URL("reason.redeployNewUrl", "redeploying for the provider at the new upstream.baseUrl"),
    REASON_SUPERSEDED("reason.superseded", "superseded by a change to the endpoint"),
    REASON_SERVING_SOME("reason.servingSome", "serving {name} on {ready} of {wanted} replica(s): {addresses}"),
    REASON_SERVING_NONE("reason.servingNone", "serving {name} on 0 of {wanted} replica(s)"),
    EVENT_PROVIDER_NO_MODEL_LIST(
            "event.providerNoModelList",
            "the provider at {url} has no /models list (404); the model name {model} is not checked"),
    // Model and dataset imports (status reasons and events)
    IMPORT_REQUESTED("import.requested", "import of {path} requested by {user}"),
    IMPORT_AGAIN_REQUESTED("import.againRequested", "import again requested by {user}"),
    IMPORT_QUEUE_FULL("import.queueFull", "too many imports are waiting ({max}); import it again later"),
    IMPORT_FILES_CHANGED(
            "import.filesChanged", "its files changed after import (the fingerprint differs); import it again"),
    IMPORT_FILES_UNREADABLE("import.filesUnreadable", "its files cannot be read any more: {reason}"),
    IMPORT_CANNOT_READ("import.cannotRead", "cannot read the {what} files: {reason}"),
    IMPORT_UNEXPECTED("import.unexpected", "the import failed unexpectedly ({error}); the server log has details"),
    MODEL_INVALID_FILE("model.invalidFile", "not a valid model file: {problem}"),
    MODEL_HEADERS_READ("model.headersRead", "headers read: {facts}"),
    MODEL_FACT_PARAMETERS("model.factParameters", "{count} parameters"),
    SCAN_HEADERS_VALID("scan.headersValid", "headers valid"),
    SCAN_PICKLES_SAFE("scan.picklesSafe", "{count} pickle file(s) safe"),
    SCAN_UNSAFE_PICKLE("scan.unsafePickle", "unsafe pickle: {findings}"),
    SCAN_VIRUS_SKIPPED("scan.virusSkipped", "virus scan skipped (ClamAV is not installed)"),
    SCAN_VIRUS_CLEAN("scan.virusClean", "virus scan clean ({scanner})"),
    SCAN_VIRUS_FOUND("scan.virusFound", "virus scan found: {output}"),
    SCAN_VIRUS_TIMEOUT("scan.virusTimeout", "the virus scan did not finish within {timeout}"),
    SCAN_VIRUS_FAILED("scan.virusFailed", "the virus scan failed ({scanner} exit {code}): {output}"),
    DATASET_INVALID_FILE("dataset.invalidFile", "not valid {format}: {problem}"),
    DATASET_NO_ROWS("dataset.noRows", "its files hold no rows"),
    DATASET_SUMMARY("dataset.summary", "{rows} rows in {files} file(s), {columns} column(s), schema {schema}"),
    // Lists of messages
    LIST_ITEMS("list.items", "{first}, {rest}"),
    LIST_NOTES("list.notes", "{first}; {rest}"),
    ;

    private static final Map<String, MessageCode> BY_CODE = new HashMap<>();

    static {
        for (MessageCode code : values()) {
            BY_CODE.put(code.code, code);
        }
    }

    private final String code;
    private final Template template;

    MessageCode(String code, String template) {
        this.code = code;
        this.template = new Template(template);
    }

    public String code() {
        return code;
    }

    public String template() {
        return template.text();
    }

    /**
     * The message with these parameters, given as name, value, name, value…; a value is a string,
     * a number, a nested {@link Message}, or a collection, which the text lists comma-separated
     * (see {@link Message#param}).
     *
     * @throws IllegalArgumentException when the names are not exactly the template's
     */
    public Message with(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(code + ": names and values come in pairs");
        }
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(String.valueOf(namesAndValues[i]), Message.param(namesAndValues[i + 1]));
        }
        List<String> wrong = template.mismatches(params.keySet());
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(code + ": " + wrong);
        }
        return new Message(code, params, template.render(params));
    }

    /**
     * The items as one message: each after the first joined by this list code ({@link #LIST_ITEMS}
     * or {@link #LIST_NOTES}), so that every item keeps its own code.
     */
    public Message join(List<Message> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException(code + ": nothing to join");
        }
        Message joined = items.getLast();
        for (int i = items.size() - 2; i >= 0; i--) {
            joined = with("first", items.get(i), "rest", joined);
        }
        return joined;
    }

    /**
     * A message as a table or an answer stored it: its code and parameters with its English text,
     * or, for one written before messages had codes, the text alone (shown as it is).
     */
    public static Message stored(String code, Map<String, ?> params, String text) {
        return code == null
                ? REASON_DETAIL.with("detail", text == null ? "" : text)
                : Message.restore(code, params == null ? Map.of() : params, text);
    }

    /** The code's entry, for a code read back from storage. */
    public static Optional<MessageCode> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The entry whose template is exactly this text and has no parameters (a constraint's own message). */
    public static Optional<MessageCode> withText(String text) {
        return Arrays.stream(values())
                .filter(c -> c.template.names().isEmpty() && c.template.text().equals(text))
                .findFirst();
    }
}
