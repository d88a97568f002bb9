package dev.shakedown.cli;

import dev.shakedown.proxy.FaultProxy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the embedded fault proxy alone, until Ctrl-C: TCP proxies with toxics behind Toxiproxy's HTTP API, so"
          + " Toxiproxy's clients and tools drive it. Name it in a cloud's config as toxiproxy.url."
    })
final class ProxyCommand implements Callable<Integer> {
  @ParentCommand ShakedownCommand parent;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address of the API (default: ${DEFAULT-VALUE}, loopback only). On loopback, proxies listen on"
              + " loopback only; another address lets them listen anywhere.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8474",
      description = "Port of the API (default: ${DEFAULT-VALUE}, Toxiproxy's)")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    FaultProxy proxy = FaultProxy.start(host, port);
    UntilInterrupted running = new UntilInterrupted("proxy", proxy::close);
    parent
        .console
        .out()
        .println(
            "fault proxy (Toxiproxy API "
                + FaultProxy.VERSION
                + ") listening on "
                + proxy.url()
                + "; Ctrl-C stops it");
    parent.console.out().flush();
    running.await();
    return 0;
  }
}
