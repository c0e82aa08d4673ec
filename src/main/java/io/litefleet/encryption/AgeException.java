package io.litefleet.encryption;

import java.io.IOException;

/** An age file that cannot be decrypted: no matching identity, a damaged header or payload. */
public final class AgeException extends IOException {

    public AgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
