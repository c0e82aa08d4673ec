package io.litefleet.encryption;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

/**
 * The age public keys ({@code age1...}, X25519) every stored object is encrypted to. Only public
 * keys: the replicating host can write backups but not read them, so whoever takes the host takes
 * no old backup with it. Each object gets a fresh file key, wrapped for every recipient, so any one
 * recipient's identity opens it.
 */
public final class AgeRecipients {

    private static final String RECIPIENT_PREFIX = "age1";
    private static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";
    private static final EncryptingChannelFactory ENCRYPTING = new StandardEncryptingChannelFactory();

    /** Shared by every upload thread: each writer holds only a public key, and makes a new ephemeral key per object. */
    private final List<RecipientStanzaWriter> recipients;
    /** The public keys, sorted: which recipients, whatever the order they were given in. */
    private final List<String> keys;

    private AgeRecipients(List<RecipientStanzaWriter> recipients, List<String> keys) {
        this.recipients = List.copyOf(recipients);
        this.keys = keys.stream().sorted().toList();
    }

    /**
     * A comma list of entries, each a public key ({@code age1...}) or the path of a recipients
     * file, read as {@code age -R} reads one: a key per line, {@code #} comments and blank lines
     * ignored. Empty when {@code value} is blank (no encryption).
     *
     * @throws IllegalArgumentException naming the entry that is wrong, never repeating a secret key
     */
    public static Optional<AgeRecipients> parse(String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        List<RecipientStanzaWriter> recipients = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("an empty entry (a comma too many): give age public keys (age1...) or recipients files, separated by commas");
            }
            if (trimmed.startsWith(RECIPIENT_PREFIX) || isIdentity(trimmed)) {
                recipients.add(recipient(trimmed, Optional.empty()));
                keys.add(trimmed);
            } else {
                readFile(trimmed, recipients, keys);
            }
        }
        return Optional.of(new AgeRecipients(recipients, keys));
    }

    private static void readFile(String file, List<RecipientStanzaWriter> recipients, List<String> keys) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read recipients file " + file + " (" + e + "); entries that do not start with "
                    + RECIPIENT_PREFIX + " are files of age public keys");
        }
        int before = keys.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                recipients.add(recipient(line, Optional.of(file + " line " + (i + 1))));
                keys.add(line);
            }
        }
        if (keys.size() == before) {
            throw new IllegalArgumentException("recipients file " + file + " holds no age public key");
        }
    }

    /**
     * @param line where a file holds the key; messages then name the line, not its content: a file
     *             given by mistake (an SSH key, an identity file) may hold secrets
     */
    private static RecipientStanzaWriter recipient(String key, Optional<String> line) {
        if (isIdentity(key)) {
            // the one mistake that would put the power to read every backup on this host: refused, and not repeated
            throw new IllegalArgumentException(line.orElse("an entry") + " is an age identity (a secret key), not a recipient: give its public key "
                    + "(age-keygen -y FILE prints it) and keep the identity off this host");
        }
        try {
            return X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(line.orElse("'" + key + "'") + " is not an age public key (age1..., as age-keygen prints; "
                    + "SSH and plugin recipients are not supported)" + (line.isPresent() ? "" : ": " + e.getMessage()));
        }
    }

    /** Bech32 is read in either case, so a secret key in lower case is one too. */
    private static boolean isIdentity(String key) {
        return key.regionMatches(true, 0, IDENTITY_PREFIX, 0, IDENTITY_PREFIX.length());
    }

    /**
     * How objects are made, for the replication state: a different set of recipients is a different
     * form, and makes every database stored once more (see {@code ReplicationState}).
     */
    public String objectForm() {
        // a digest of the keys, not the keys: the form appears in a log line
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(String.join(",", keys).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return "LZ4 frames encrypted with age to " + this + " (key set " + HexFormat.of().formatHex(digest, 0, 8) + ")";
    }

    /** How many recipients each object is encrypted to. */
    public int count() {
        return recipients.size();
    }

    /**
     * An age file around {@code out}: what is written is encrypted in 64 KiB chunks, and closing
     * writes the last chunk and closes {@code out}.
     */
    public OutputStream encrypt(OutputStream out) throws IOException {
        try {
            return Channels.newOutputStream(ENCRYPTING.newEncryptingChannel(Channels.newChannel(out), recipients));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start age encryption: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return recipients.size() + (recipients.size() == 1 ? " age recipient" : " age recipients");
    }
}
