import dev.shakedown.config.ConfigLoader;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.fleet.Disruptions;
import dev.shakedown.fleet.Fleet;
import dev.shakedown.fleet.FleetProviders;
import dev.shakedown.fleet.Instance;
import dev.shakedown.fleet.KillReceipt;
import dev.shakedown.runner.Targets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Failover timings of the embedded default, with the plain Java API (no Gherkin):
 *   demo startup      Targets.open of config/clouds/local.yaml: stores, router, proxies, four instances serving
 *   kill-to-detected  SIGKILL of a cloud-a instance -> the router no longer counts it as healthy
 *   kill-to-replaced  SIGKILL -> the cloud has two serving instances again (replaceAfter set to 1 s here)
 * Run by bench/failover.sh: java -cp target/shakedown.jar bench/FailoverBench.java [runs]
 */
public class FailoverBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path config = Files.createTempFile("failover-bench", ".yaml");
    Files.writeString(config, Files.readString(Path.of("config/clouds/local.yaml")).replace("replaceAfter: 15s", "replaceAfter: 1s"));
    Path reports = Files.createTempDirectory("failover-bench-reports");
    FleetProviders providers = FleetProviders.load();
    ShakedownConfig loaded = new ConfigLoader(providers, System::getenv).load(List.of(config));
    HttpClient http = HttpClient.newHttpClient();
    URI routerHealth = URI.create("http://127.0.0.1:18080/_router/health");

    long start = System.nanoTime();
    try (Targets targets = Targets.open(loaded, providers, reports, false, System.err::println)) {
      long startup = System.nanoTime() - start;
      Disruptions disruptions = new Disruptions(targets.fleets(), loaded.clouds(), null);
      Fleet cloudA = targets.fleets().get("cloud-a");
      List<Long> detected = new ArrayList<>();
      List<Long> replaced = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        cloudA.awaitHealthy(2, Duration.ofSeconds(60));
        awaitRouterSees(http, routerHealth, 4);
        Instance victim = disruptions.running("cloud-a").get(0);
        String url = victim.address().toString();
        long kill = System.nanoTime();
        List<KillReceipt> receipts = disruptions.kill(Map.of("cloud-a", List.of(victim)));
        while (healthy(http, routerHealth, url)) {
          Thread.sleep(1);
        }
        detected.add((System.nanoTime() - kill) / 1_000_000);
        Duration toReplace = disruptions.awaitReplacement(receipts.get(0), Duration.ofSeconds(60), () -> {}).orElseThrow();
        replaced.add(toReplace.toMillis());
      }
      System.out.printf("runs: %d on %d cores, %s%n", runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      System.out.printf("demo startup:     %5d ms (stores, router, proxies, 4 instances serving)%n", startup / 1_000_000);
      System.out.printf("kill-to-detected: median %5d ms (each: %s)  router stops routing to the killed instance%n", median(detected), detected);
      System.out.printf("kill-to-replaced: median %5d ms (each: %s)  replaceAfter 1 s + start of a new JVM%n", median(replaced), replaced);
    }
  }

  private static boolean healthy(HttpClient http, URI health, String url) throws Exception {
    String body = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.contains("\"url\":\"" + url + "\",\"healthy\":true");
  }

  private static void awaitRouterSees(HttpClient http, URI health, int replicas) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      String body = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (body.split("\"healthy\":true", -1).length - 1 >= replicas) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the router does not see " + replicas + " healthy replicas");
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
