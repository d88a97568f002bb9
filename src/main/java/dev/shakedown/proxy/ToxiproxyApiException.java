package dev.shakedown.proxy;

/** An API refusal, answered as Toxiproxy answers it: {@code {"error": "...", "status": 409}}. */
public final class ToxiproxyApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ToxiproxyApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
