package io.leasechain.node.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.leasechain.ledger.tx.proto.AuthInfo;
import io.leasechain.ledger.tx.proto.TxBody;
import io.leasechain.node.gateway.StateRoute.Param;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the gateway's OpenAPI 3.1 document from its route table and the protobuf descriptors of
 * the answers, so that docs/openapi.json cannot drift from what the gateway serves. Field rules
 * follow the proto3 JSON mapping as the gateway prints it: snake_case names, every field without
 * presence always written (so required), 64-bit integers as decimal strings, bytes as base64, enums
 * by name.
 */
final class OpenApiDocument {

  static final String UINT64 = "^[0-9]+$";
  static final String INT64 = "^-?[0-9]+$";
  static final String BASE64 = "^[A-Za-z0-9+/]*={0,2}$";
  static final String TX_HASH = "^[0-9A-F]{64}$";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ERRORS_STATE =
      "Errors: query/3 is 400; query/2, query/4 and query/5 (height not kept) are 404.";

  private final ObjectNode schemas = MAPPER.createObjectNode();
  private final Set<Descriptor> messages = new LinkedHashSet<>();
  private final Set<EnumDescriptor> enums = new LinkedHashSet<>();

  private OpenApiDocument() {}

  static ObjectNode build() {
    return new OpenApiDocument().document();
  }

  private ObjectNode document() {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("openapi", "3.1.0");
    doc.putObject("info")
        .put("title", "leasechain REST gateway")
        .put("version", "1")
        .put(
            "description",
            "Read-only JSON over HTTP GET (docs/gateway.md). State paths answer from the node's"
                + " latest committed state, or a kept one given `height`, as the ABCI query paths"
                + " of docs/queries.md do, in the"
                + " proto3 JSON mapping: snake_case field names, 64-bit integers as decimal"
                + " strings, bytes as base64, enums by name. Chain paths are proxied from the"
                + " node's CometBFT RPC. Every answer carries Access-Control-Allow-Origin: *;"
                + " OPTIONS is a CORS preflight (204); any other method is 405; a request line or"
                + " header block over 8 KiB is 414; a request with a body is 413.");
    doc.putArray("servers").addObject().put("url", "http://127.0.0.1:1317");
    ObjectNode paths = doc.putObject("paths");
    for (StateRoute route : StateRoutes.ALL) {
      paths.set(route.template(), stateOperation(route));
    }
    chainPaths(paths);
    filePaths(paths);
    ObjectNode components = doc.putObject("components");
    components.set("responses", errorResponses());
    chainSchemas();
    drainProtoSchemas();
    ObjectNode sorted = components.putObject("schemas");
    new TreeMap<String, Object>(MAPPER.convertValue(schemas, java.util.Map.class))
        .forEach((name, schema) -> sorted.set(name, MAPPER.valueToTree(schema)));
    return doc;
  }

  private ObjectNode stateOperation(StateRoute route) {
    ObjectNode get = MAPPER.createObjectNode();
    ObjectNode op = get.putObject("get");
    op.put("operationId", route.resource());
    op.putArray("tags").add("state");
    op.put("summary", route.summary());
    op.put(
        "description",
        "The ABCI query path /"
            + route.template().substring("/v1/".length())
            + " (docs/queries.md), answered from the node's committed state."
            + (route.paged()
                ? " A page: pass `next` as `after` for the following one; an empty `next` ends the"
                    + " list."
                : "")
            + " "
            + ERRORS_STATE);
    ArrayNode params = op.putArray("parameters");
    route.pathParams().forEach(p -> params.add(param(p, "path", true)));
    route.queryParams().forEach(p -> params.add(param(p, "query", false)));
    params.add(param(StateRoutes.HEIGHT, "query", false));
    ObjectNode responses = op.putObject("responses");
    responses.set(
        "200", ok("The query's answer", ref(messageRef(route.answer().getDescriptorForType()))));
    errors(responses, false);
    return get;
  }

  private void chainPaths(ObjectNode paths) {
    paths.set(
        "/v1/status",
        chain(
            "status", "The chain's id and latest block, from CometBFT's /status.", ref("Status")));
    ObjectNode blocks =
        chain(
            "blocks",
            "Blocks, newest first, below `before` (default: the latest + 1); `next` is the"
                + " `before` of the following page, empty at the first block kept.",
            ref("BlocksPage"));
    ArrayNode blockParams = blocks.with("get").putArray("parameters");
    blockParams.add(queryParam("before", "Only blocks below this height", uint64Positive()));
    blockParams.add(
        queryParam(
            "limit",
            "At most this many blocks (default " + ChainRoutes.DEFAULT_BLOCKS + ")",
            intRange(1, ChainRoutes.MAX_BLOCKS)));
    paths.set("/v1/blocks", blocks);
    paths.set("/v1/blocks/latest", chain("latest_block", "The latest block.", ref("Block")));
    ObjectNode block = chain("block", "The block at a height.", ref("Block"));
    block
        .with("get")
        .putArray("parameters")
        .add(pathParam("height", "Block height", uint64Positive()));
    paths.set("/v1/blocks/{height}", block);
    ObjectNode txs =
        chain(
            "tx_search",
            "Committed txs matching a CometBFT event query (tx_search), oldest first. The query"
                + " is conditions `key op value` joined by AND, strings in single quotes, e.g."
                + " `lease.id='7'` or `message.sender='lease1…' AND message.action='send'`;"
                + " anything else is refused with 400 before it reaches CometBFT.",
            ref("TxSearchResult"));
    ArrayNode txParams = txs.with("get").putArray("parameters");
    ObjectNode query =
        queryParam(
            "query",
            "A CometBFT event query",
            MAPPER
                .createObjectNode()
                .put("type", "string")
                .put("maxLength", EventQuery.MAX_LENGTH));
    query.put("required", true);
    txParams.add(query);
    txParams.add(queryParam("page", "1-based page (default 1)", intRange(1, Integer.MAX_VALUE)));
    txParams.add(
        queryParam(
            "per_page",
            "Txs per page (default " + ChainRoutes.DEFAULT_PER_PAGE + ")",
            intRange(1, ChainRoutes.MAX_PER_PAGE)));
    paths.set("/v1/txs", txs);
    ObjectNode tx = chain("tx", "A committed tx by hash.", ref("TxResult"));
    tx.with("get")
        .putArray("parameters")
        .add(
            pathParam(
                "hash",
                "Tx hash, 64 hex digits",
                MAPPER
                    .createObjectNode()
                    .put("type", "string")
                    .put("pattern", "^[0-9A-Fa-f]{64}$")));
    paths.set("/v1/txs/{hash}", tx);
  }

  private ObjectNode chain(String operationId, String description, ObjectNode schema) {
    ObjectNode path = MAPPER.createObjectNode();
    ObjectNode op = path.putObject("get");
    op.put("operationId", operationId);
    op.putArray("tags").add("chain");
    op.put("summary", description.substring(0, description.indexOf('.') + 1));
    op.put("description", description + " Proxied from the node's CometBFT RPC.");
    ObjectNode responses = op.putObject("responses");
    responses.set("200", ok("The answer", schema));
    errors(responses, true);
    return path;
  }

  private void filePaths(ObjectNode paths) {
    ObjectNode openapi = MAPPER.createObjectNode();
    ObjectNode op = openapi.putObject("get");
    op.put("operationId", "openapi");
    op.putArray("tags").add("files");
    op.put("summary", "This document.");
    ObjectNode docSchema = MAPPER.createObjectNode().put("type", "object");
    docSchema.putArray("required").add("openapi").add("info").add("paths");
    op.putObject("responses").set("200", ok("The OpenAPI document", docSchema));
    paths.set(Router.OPENAPI_PATH, openapi);
    paths.set(ExplorerFiles.PREFIX, explorer("explorer", "The web explorer's index.html."));
    ObjectNode file = explorer("explorer_file", "One of the web explorer's static files.");
    file.with("get")
        .putArray("parameters")
        .add(
            pathParam(
                "file",
                "File name within the explorer (nested folders allowed)",
                MAPPER
                    .createObjectNode()
                    .put("type", "string")
                    .put("pattern", "^[A-Za-z0-9_-][A-Za-z0-9._-]*$")));
    paths.set(ExplorerFiles.PREFIX + "/{file}", file);
  }

  private ObjectNode explorer(String operationId, String summary) {
    ObjectNode path = MAPPER.createObjectNode();
    ObjectNode op = path.putObject("get");
    op.put("operationId", operationId);
    op.putArray("tags").add("files");
    op.put("summary", summary);
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject("200");
    ok.put("description", "The file, with its content type (html, js, css, json, svg, png, …)");
    ok.putObject("content").putObject("text/html").putObject("schema").put("type", "string");
    responses.putObject("404").put("$ref", "#/components/responses/NotFound");
    responses.putObject("414").put("$ref", "#/components/responses/UriTooLong");
    return path;
  }

  private static void errors(ObjectNode responses, boolean chain) {
    responses.putObject("400").put("$ref", "#/components/responses/BadRequest");
    responses.putObject("404").put("$ref", "#/components/responses/NotFound");
    responses.putObject("500").put("$ref", "#/components/responses/InternalError");
    if (chain) {
      responses.putObject("502").put("$ref", "#/components/responses/BadGateway");
    }
    responses.putObject("414").put("$ref", "#/components/responses/UriTooLong");
    responses.putObject("503").put("$ref", "#/components/responses/Busy");
  }

  private static ObjectNode errorResponses() {
    ObjectNode responses = MAPPER.createObjectNode();
    responses.set("BadRequest", ok("Bad input: query/3 or gateway/3", ref("Error")));
    responses.set(
        "NotFound",
        ok(
            "Not found: query/2, query/4, query/5 (a height this node does not keep) or gateway/4",
            ref("Error")));
    responses.set("InternalError", ok("Internal error: query/6 or gateway/9", ref("Error")));
    responses.set("BadGateway", ok("CometBFT did not answer: gateway/5", ref("Error")));
    responses.set("Busy", ok("Too many requests in progress: gateway/6", ref("Error")));
    responses.set(
        "UriTooLong", ok("Request line or header block over 8 KiB: gateway/7", ref("Error")));
    return responses;
  }

  private void chainSchemas() {
    ObjectNode error = object("An error: the code within its codespace (docs/errors.md).");
    error.with("properties").putObject("code").put("type", "integer");
    error.with("properties").putObject("codespace").put("type", "string");
    error.with("properties").putObject("message").put("type", "string");
    required(error, "code", "codespace", "message");
    schemas.set("Error", error);

    ObjectNode status = object("The chain's latest block.");
    status.with("properties").putObject("chain_id").put("type", "string");
    status.with("properties").set("latest_height", pattern(UINT64));
    status.with("properties").set("latest_block_time", dateTime());
    status.with("properties").set("latest_app_hash", pattern(BASE64));
    required(status, "chain_id", "latest_height", "latest_block_time", "latest_app_hash");
    schemas.set("Status", status);

    ObjectNode txRef = object("A tx in a block.");
    txRef.with("properties").set("hash", pattern(TX_HASH));
    required(txRef, "hash");
    schemas.set("BlockTx", txRef);

    ObjectNode block = object("A committed block's header fields and tx hashes.");
    block.with("properties").set("height", pattern(UINT64));
    block.with("properties").set("time", dateTime());
    block.with("properties").set("hash", pattern(TX_HASH));
    block.with("properties").set("proposer", pattern("^[0-9A-F]{40}$"));
    block.with("properties").putObject("num_txs").put("type", "integer").put("minimum", 0);
    block.with("properties").set("txs", array(ref("BlockTx")));
    required(block, "height", "time", "hash", "proposer", "num_txs", "txs");
    schemas.set("Block", block);

    ObjectNode page = object("A page of blocks, newest first.");
    page.with("properties").set("blocks", array(ref("Block")));
    page.with("properties").set("next", pattern("^[0-9]*$"));
    required(page, "blocks", "next");
    schemas.set("BlocksPage", page);

    ObjectNode attribute = object("An event attribute.");
    attribute.with("properties").putObject("key").put("type", "string");
    attribute.with("properties").putObject("value").put("type", "string");
    required(attribute, "key", "value");
    schemas.set("Attribute", attribute);

    ObjectNode event = object("An ABCI event of the tx.");
    event.with("properties").putObject("type").put("type", "string");
    event.with("properties").set("attributes", array(ref("Attribute")));
    required(event, "type", "attributes");
    schemas.set("Event", event);

    ObjectNode decoded = object("The tx with its body and auth_info decoded.");
    decoded.with("properties").set("body", ref(messageRef(TxBody.getDescriptor())));
    decoded.with("properties").set("auth_info", ref(messageRef(AuthInfo.getDescriptor())));
    decoded.with("properties").set("signatures", array(pattern(BASE64)));
    required(decoded, "body", "auth_info", "signatures");
    schemas.set("DecodedTx", decoded);

    ObjectNode raw = object("A tx that is not a leasechain Tx, as its base64 bytes.");
    raw.with("properties").set("raw", pattern(BASE64));
    required(raw, "raw");
    schemas.set("RawTx", raw);

    ObjectNode tx = object("A committed tx: where it landed, how it executed, what it said.");
    ObjectNode props = tx.with("properties");
    props.set("hash", pattern(TX_HASH));
    props.set("height", pattern(UINT64));
    props.putObject("index").put("type", "integer").put("minimum", 0);
    props.putObject("code").put("type", "integer").put("minimum", 0);
    props.putObject("codespace").put("type", "string");
    props.putObject("log").put("type", "string");
    props.set("gas_wanted", pattern(INT64));
    props.set("gas_used", pattern(INT64));
    props.putObject("tx").putArray("oneOf").add(ref("DecodedTx")).add(ref("RawTx"));
    props.set("events", array(ref("Event")));
    required(
        tx,
        "hash",
        "height",
        "index",
        "code",
        "codespace",
        "log",
        "gas_wanted",
        "gas_used",
        "tx",
        "events");
    schemas.set("TxResult", tx);

    ObjectNode search = object("One page of tx_search hits; total_count counts all pages.");
    search.with("properties").putObject("total_count").put("type", "integer").put("minimum", 0);
    search.with("properties").set("txs", array(ref("TxResult")));
    required(search, "total_count", "txs");
    schemas.set("TxSearchResult", search);
  }

  private String messageRef(Descriptor descriptor) {
    messages.add(descriptor);
    return descriptor.getFullName();
  }

  private String enumRef(EnumDescriptor descriptor) {
    enums.add(descriptor);
    return descriptor.getFullName();
  }

  /** Writes a schema for every message and enum reachable from those referenced so far. */
  private void drainProtoSchemas() {
    Deque<Descriptor> todo = new ArrayDeque<>(messages);
    Set<Descriptor> done = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Descriptor message = todo.remove();
      if (!done.add(message)) {
        continue;
      }
      ObjectNode schema = object("protobuf " + message.getFullName());
      ArrayNode required = MAPPER.createArrayNode();
      for (FieldDescriptor field : message.getFields()) {
        ObjectNode type = fieldType(field);
        if (field.getType() == FieldDescriptor.Type.MESSAGE) {
          todo.add(field.getMessageType());
        }
        schema.with("properties").set(field.getName(), field.isRepeated() ? array(type) : type);
        if (!field.hasPresence()) {
          required.add(field.getName());
        }
      }
      if (!required.isEmpty()) {
        schema.set("required", required);
      }
      schemas.set(message.getFullName(), schema);
    }
    for (EnumDescriptor descriptor : enums) {
      ObjectNode schema = MAPPER.createObjectNode().put("type", "string");
      schema.put("description", "protobuf enum " + descriptor.getFullName() + ", by value name");
      ArrayNode values = schema.putArray("enum");
      for (EnumValueDescriptor value : descriptor.getValues()) {
        values.add(value.getName());
      }
      schemas.set(descriptor.getFullName(), schema);
    }
  }

  private ObjectNode fieldType(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> MAPPER.createObjectNode().put("type", "integer");
      case UINT32, FIXED32 -> MAPPER.createObjectNode().put("type", "integer").put("minimum", 0);
      case INT64, SINT64, SFIXED64 -> pattern(INT64);
      case UINT64, FIXED64 -> pattern(UINT64);
      case BOOL -> MAPPER.createObjectNode().put("type", "boolean");
      case STRING -> MAPPER.createObjectNode().put("type", "string");
      case BYTES -> pattern(BASE64);
      case FLOAT, DOUBLE -> MAPPER.createObjectNode().put("type", "number");
      case ENUM -> ref(enumRef(field.getEnumType()));
      case MESSAGE, GROUP -> ref(messageRef(field.getMessageType()));
    };
  }

  private static ObjectNode param(Param p, String in, boolean required) {
    ObjectNode schema =
        switch (p.kind()) {
          case ADDRESS -> pattern("^(lease1|LEASE1)[02-9ac-hj-np-zAC-HJ-NP-Z]+$");
          case UINT64 -> pattern(UINT64);
          case VALIDATOR_HEX -> pattern("^[0-9A-Fa-f]{40}$");
          case HEX_KEY -> pattern("^([0-9A-Fa-f]{2}){1,1024}$");
          case CURSOR -> pattern("^[0-9a-fA-F]*$");
          case LIMIT -> intRange(1, 1000);
          case TEXT -> MAPPER.createObjectNode().put("type", "string");
          case STATE -> {
            ObjectNode states = MAPPER.createObjectNode().put("type", "string");
            p.values().forEach(states.putArray("enum")::add);
            yield states;
          }
        };
    ObjectNode param = MAPPER.createObjectNode();
    param.put("name", p.name()).put("in", in).put("required", required);
    param.put("description", p.description());
    param.set("schema", schema);
    return param;
  }

  private static ObjectNode queryParam(String name, String description, ObjectNode schema) {
    return param(name, "query", false, description, schema);
  }

  private static ObjectNode pathParam(String name, String description, ObjectNode schema) {
    return param(name, "path", true, description, schema);
  }

  private static ObjectNode param(
      String name, String in, boolean required, String description, ObjectNode schema) {
    ObjectNode param = MAPPER.createObjectNode();
    param.put("name", name).put("in", in).put("required", required);
    param.put("description", description);
    param.set("schema", schema);
    return param;
  }

  private static ObjectNode ok(String description, ObjectNode schema) {
    ObjectNode response = MAPPER.createObjectNode().put("description", description);
    response.putObject("content").putObject("application/json").set("schema", schema);
    return response;
  }

  private static ObjectNode object(String description) {
    ObjectNode schema = MAPPER.createObjectNode();
    schema.put("type", "object").put("description", description);
    schema.put("additionalProperties", false);
    schema.putObject("properties");
    return schema;
  }

  private static void required(ObjectNode schema, String... names) {
    ArrayNode required = schema.putArray("required");
    List.of(names).forEach(required::add);
  }

  private static ObjectNode ref(String name) {
    return MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }

  private static ObjectNode array(ObjectNode items) {
    ObjectNode array = MAPPER.createObjectNode().put("type", "array");
    array.set("items", items);
    return array;
  }

  private static ObjectNode pattern(String regex) {
    return MAPPER.createObjectNode().put("type", "string").put("pattern", regex);
  }

  private static ObjectNode dateTime() {
    return MAPPER.createObjectNode().put("type", "string").put("format", "date-time");
  }

  private static ObjectNode uint64Positive() {
    return pattern("^[1-9][0-9]*$");
  }

  private static ObjectNode intRange(int min, int max) {
    return MAPPER.createObjectNode().put("type", "integer").put("minimum", min).put("maximum", max);
  }
}
