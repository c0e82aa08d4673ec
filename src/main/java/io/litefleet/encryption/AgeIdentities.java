package io.litefleet.encryption;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import io.litefleet.model.ReadErrors;

/**
 * The identities (age secret keys) of an identity file, as {@code age -d -i FILE} reads it: one
 * {@code AGE-SECRET-KEY-1...} per line, {@code #} comments and blank lines ignored. An object opens
 * with whichever identity it was encrypted to, so one file can hold the identities of several
 * recipient generations (key rotation). Messages name the file and line, never a key.
 */
public final class AgeIdentities {

    private static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";
    private static final DecryptingChannelFactory DECRYPTING = new StandardDecryptingChannelFactory();

    private final Path file;
    private final List<RecipientStanzaReader> identities;

    private AgeIdentities(Path file, List<RecipientStanzaReader> identities) {
        this.file = file;
        this.identities = List.copyOf(identities);
    }

    /**
     * @throws IOException              the file cannot be read
     * @throws IllegalArgumentException naming the line that is not an identity, or a file without one
     */
    public static AgeIdentities read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<RecipientStanzaReader> identities = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = file + " line " + (i + 1) + " is not an age identity (AGE-SECRET-KEY-1..., as age-keygen writes it";
            if (!line.startsWith(IDENTITY_PREFIX)) {
                throw new IllegalArgumentException(problem + "; plugin and SSH identities are not supported)");
            }
            try {
                identities.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(line));
            } catch (GeneralSecurityException | RuntimeException e) {
                // the library's message could quote the key: not repeated
                throw new IllegalArgumentException(problem + "): its checksum or length is wrong");
            }
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no age identity (AGE-SECRET-KEY-1...)");
        }
        return new AgeIdentities(file, identities);
    }

    public Path file() {
        return file;
    }

    /**
     * The plaintext of the age file {@code encrypted}. Its header is read now, so a file that no
     * identity here opens fails at once; damage found later in the payload fails a read.
     *
     * @throws AgeException the header is damaged, or no identity here is a recipient of the file
     */
    public InputStream decrypt(InputStream encrypted) throws IOException {
        try {
            return new ReadErrors(Channels.newInputStream(DECRYPTING.newDecryptingChannel(Channels.newChannel(encrypted), identities)),
                    AgeIdentities::damaged);
        } catch (UnsupportedRecipientStanzaException e) {
            throw new AgeException("no identity in " + file + " can decrypt it (it is encrypted to other recipients)", e);
        } catch (GeneralSecurityException | IOException e) {
            throw new AgeException("not a readable age file: " + e.getMessage(), e);
        }
    }

    /**
     * Whether an identity here opens the age file that starts with {@code head}: its header and
     * some of its payload (an age header is about 200 bytes, and 100 more per extra recipient).
     */
    public boolean canDecrypt(byte[] head) throws IOException {
        try (InputStream plain = decrypt(new ByteArrayInputStream(head))) {
            return true;
        } catch (AgeException e) {
            if (e.getCause() instanceof UnsupportedRecipientStanzaException) {
                return false;
            }
            throw e;
        }
    }

    /** A damaged payload (an authentication tag that does not match, a cut-off file), told apart from other read errors. */
    private static AgeException damaged(IOException e) {
        return e instanceof AgeException age ? age : new AgeException("age payload check failed: " + e.getMessage(), e);
    }
}
