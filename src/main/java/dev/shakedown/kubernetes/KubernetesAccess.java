package dev.shakedown.kubernetes;

import dev.shakedown.ShakedownException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client of one cluster, as kubectl would reach it: a kubeconfig file and one of its contexts, or
 * the pod's own service account inside a cluster; and the API's refusals in a line that says what
 * to grant. The kubeconfig's credentials never reach a message: only the API's address does.
 */
public final class KubernetesAccess {
  private KubernetesAccess() {}

  /**
   * @param kubeconfig a file, {@code ~} for the home folder; null for $KUBECONFIG, ~/.kube/config
   *     or the pod's service account, as kubectl finds them
   * @param context one of its contexts; null for its current one
   * @param who for messages: {@code cloud 'k8s-eu'}
   */
  public static KubernetesClient connect(String kubeconfig, String context, String who) {
    Config config;
    if (kubeconfig != null) {
      Path file =
          Path.of(
              kubeconfig.startsWith("~/")
                  ? System.getProperty("user.home") + kubeconfig.substring(1)
                  : kubeconfig);
      if (!Files.isReadable(file)) {
        throw new ShakedownException(
            who + ": no kubeconfig at " + file + " (kubeconfig:); name the file kubectl uses");
      }
      try {
        config = Config.fromKubeconfig(context, file.toFile());
      } catch (RuntimeException e) {
        throw new ShakedownException(
            who
                + ": cannot use kubeconfig "
                + file
                + (context == null ? "" : " with context '" + context + "'")
                + " ("
                + firstLine(e.getMessage())
                + "); check it with kubectl config get-contexts");
      }
    } else {
      if (!kubectlWouldFindOne()) {
        throw new ShakedownException(
            who
                + ": no Kubernetes cluster found: no kubeconfig ($KUBECONFIG, ~/.kube/config) and"
                + " not in a pod; name one with kubeconfig:");
      }
      config = Config.autoConfigure(context);
    }
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      // fabric8 falls back to the current context for one it does not know: a misspelt context
      // would reach whatever cluster kubectl points at now.
      java.util.List<String> known =
          config.getContexts() == null
              ? java.util.List.of()
              : config.getContexts().stream().map(c -> c.getName()).sorted().toList();
      throw new ShakedownException(
          who
              + ": the kubeconfig has no context '"
              + context
              + "' (context:); it has: "
              + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new ShakedownException(
          who
              + ": no Kubernetes cluster found: no kubeconfig ($KUBECONFIG, ~/.kube/config) and not"
              + " in a pod; name one with kubeconfig:");
    }
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  /**
   * Whether kubectl would find a cluster without being told: without this a client would try
   * https://kubernetes.default.svc, which names nothing outside a cluster.
   */
  private static boolean kubectlWouldFindOne() {
    String variable = System.getenv("KUBECONFIG");
    return (variable != null && !variable.isBlank())
        || Files.isReadable(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || Files.isReadable(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
  }

  /** The API's address, without any user info: for messages. */
  public static String apiOf(KubernetesClient client) {
    URI uri = URI.create(client.getConfiguration().getMasterUrl());
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * What the API's refusal means, in a line: a 403 names the RBAC permission to grant ({@code
   * delete pods in namespace donations}); a 401 the credentials; no answer the address.
   *
   * @param verb the RBAC verb asked for: {@code delete}
   * @param resource the resource, plural: {@code pods}
   * @param namespace where, or null for a cluster-wide resource (nodes)
   */
  public static String explain(
      KubernetesClientException e,
      KubernetesClient client,
      String verb,
      String resource,
      String namespace) {
    String permission =
        verb
            + " "
            + resource
            + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace);
    int code = e.getCode();
    if (code == 403) {
      return "Kubernetes refused to "
          + permission
          + " (403 Forbidden): the kubeconfig's user needs RBAC permission to "
          + permission
          + "; grant it with a "
          + (namespace == null ? "ClusterRole and ClusterRoleBinding" : "Role and RoleBinding");
    }
    if (code == 401) {
      return "the cluster at "
          + apiOf(client)
          + " did not accept the kubeconfig's credentials (401 Unauthorized); log in again (a"
          + " token may have expired) or check the context's user";
    }
    if (code == 0) {
      return "cannot reach the Kubernetes API at "
          + apiOf(client)
          + " to "
          + permission
          + " ("
          + rootCause(e)
          + ")";
    }
    String reason = e.getStatus() == null ? "" : nonNull(e.getStatus().getReason());
    String message = e.getStatus() == null ? "" : nonNull(e.getStatus().getMessage());
    return "Kubernetes answered "
        + code
        + (reason.isEmpty() ? "" : " " + reason)
        + " when asked to "
        + permission
        + (message.isEmpty() ? "" : ": " + firstLine(message));
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
