package dev.shakedown.config;

import java.time.Duration;
import java.util.Map;

@Doc(
    "What one request of a load is, and how to read an accepted write back: the throughput steps send these.")
public record LoadSettings(
    @Doc(value = "HTTP method.", example = "POST") String method,
    @Doc(value = "Path, from the deployment's endpoint.", example = "/donations") String path,
    @Doc(
            value =
                "Headers of every request; the body's placeholders work in them too. Their values are secret: never printed.",
            example = "{ Content-Type: application/json, Idempotency-Key: '{uuid}' }")
        Map<String, Secret> headers,
    @Doc(
            value =
                "Body template: {uuid} a new UUID, {seq} the request's number, {random:1-100} a whole number in that range.",
            example = "'{\"amount\": {random:1-100}, \"ref\": \"{uuid}\"}'")
        String body,
    @Doc(
            value = "Where an accepted write's id is: json:/json/pointer or header:Name.",
            example = "json:/id")
        String acceptedId,
    @Doc(
            value = "Path that reads an accepted write back; {id} is its id.",
            example = "/donations/{id}")
        String readBack,
    @Doc(
            value =
                "Connections to the endpoint; requests beyond them queue, and their wait counts in their latency.",
            min = 1,
            example = "64")
        Integer connections,
    @Doc(
            value =
                "Requests in flight at most; a request due beyond it is counted as failed, never dropped.",
            min = 1,
            example = "10000")
        Integer maxInFlight,
    @Doc(value = "How long one request may take.", example = "5s") Duration timeout,
    @Doc(
            value =
                "How late (p99) the generator may send before its result is refused as not valid.",
            example = "50ms")
        Duration maxSendLag,
    @Doc(
            value =
                "Load sent before each measured load, at its starting rate, and not counted (as wrk2's calibration period); reported. A real deployment at its peak has been serving for hours; a stack of JVMs started a minute ago has not.",
            example = "5s")
        Duration warmUp,
    @Doc("What counts as a successful request; default: any 2xx.") SuccessSettings success,
    @Doc(
            value =
                "What one request is called in the sentences (\"When 300 donations per second are sent\"); 'requests' always works too. Default: request.",
            example = "donation")
        String name,
    @Doc(value = "Its plural, where adding -s (-es, -ies) does not make it.", example = "people")
        String plural,
    @Doc(
            value =
                "How many workers send the load together, each its share of the one schedule (every workers-th request), started at one instant; their histograms are merged exactly. Default 1: this process sends it.",
            min = 1,
            example = "4")
        Integer workers,
    @Doc(
            value =
                "Where the workers run: local (processes on this machine) or kubernetes (an Indexed Job, load.kubernetes). Default local.",
            example = "kubernetes")
        String engine,
    @Doc(
            value =
                "The image of a kubernetes worker: Shakedown's, built from its Dockerfile (shakedown load-worker).",
            example = "registry.example.org/shakedown:0.1.0")
        String image,
    @Doc("Where and how the Job of engine: kubernetes runs.") LoadJobSettings kubernetes) {

  public static final String LOCAL = "local";
  public static final String KUBERNETES = "kubernetes";

  public LoadSettings {
    method = method == null ? "GET" : method;
    path = path == null ? "/" : path;
    headers = headers == null ? Map.of() : headers;
    if (acceptedId != null
        && !acceptedId.equals("json:") // the whole body: an API that answers with a bare id
        && !acceptedId.startsWith("json:/")
        && !acceptedId.matches("header:[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw new IllegalArgumentException(
          "acceptedId '" + acceptedId + "' must be json:/pointer or header:Name, as in json:/id");
    }
    if (readBack != null && acceptedId == null) {
      throw new IllegalArgumentException(
          "readBack needs acceptedId: say where an accepted write's id is, as in json:/id");
    }
    connections = connections == null ? 64 : connections;
    maxInFlight = maxInFlight == null ? 10_000 : maxInFlight;
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    maxSendLag = maxSendLag == null ? Duration.ofSeconds(1) : maxSendLag;
    warmUp = warmUp == null ? Duration.ZERO : warmUp;
    success = success == null ? SuccessSettings.DEFAULT : success;
    if (name != null && !name.trim().matches("[A-Za-z][A-Za-z-]*")) {
      throw new IllegalArgumentException(
          "name '" + name + "' must be one word, as a sentence uses it: donation, order, search");
    }
    if (plural != null && !plural.trim().matches("[A-Za-z][A-Za-z-]*")) {
      throw new IllegalArgumentException("plural '" + plural + "' must be one word");
    }
    workers = workers == null ? 1 : workers;
    if (workers < 1) {
      throw new SettingException("workers", "workers must be 1 or more", "say how many send it");
    }
    if (workers > 1_000) {
      throw new SettingException(
          "workers", "workers: " + workers + " is more than 1000", "send it from 1000 at most");
    }
    engine = engine == null ? LOCAL : engine;
    if (!engine.equals(LOCAL) && !engine.equals(KUBERNETES)) {
      throw new SettingException(
          "engine",
          "no load engine '" + engine + "'",
          "say local (processes here) or kubernetes (an Indexed Job)");
    }
    if (engine.equals(KUBERNETES) && (image == null || image.isBlank())) {
      throw new SettingException(
          "image",
          "engine: kubernetes needs the workers' image",
          "add image:, Shakedown's image built from its Dockerfile and pushed where the cluster pulls from");
    }
    if (engine.equals(LOCAL) && (image != null || kubernetes != null)) {
      throw new SettingException(
          image != null ? "image" : "kubernetes",
          "image and kubernetes are for engine: kubernetes, and this load's engine is local",
          "add engine: kubernetes, or remove them");
    }
    if (engine.equals(LOCAL) && workers > 4 * Runtime.getRuntime().availableProcessors()) {
      throw new SettingException(
          "workers",
          "workers: "
              + workers
              + " JVMs on this machine's "
              + Runtime.getRuntime().availableProcessors()
              + " cores would measure their own contention",
          "use at most "
              + 4 * Runtime.getRuntime().availableProcessors()
              + " here, or engine: kubernetes");
    }
    if (engine.equals(KUBERNETES) && kubernetes == null) {
      throw new SettingException(
          "kubernetes",
          "engine: kubernetes needs to know where to run the Job",
          "add kubernetes: { namespace: load }, and kubeconfig: or context: unless the defaults fit");
    }
    if (plural != null && name == null) {
      throw new IllegalArgumentException("plural needs name: say what one request is called");
    }
  }

  /** What one request is called in the sentences. */
  public Noun noun() {
    return Noun.of(name, plural);
  }
}
