package io.mailfleet.events.codec;

/**
 * The event is of a major version newer than this code knows, written by a newer producer. Reading
 * it anyway could misinterpret fields whose meaning changed, so the reader refuses it.
 */
public class UnsupportedEventVersionException extends EventDecodingException {

    private static final long serialVersionUID = 1L;

    private final String typeName;
    private final int version;
    private final int supportedVersion;

    public UnsupportedEventVersionException(String typeName, int version, int supportedVersion) {
        super(typeName + " version " + version + " is not supported; this reader knows versions up to "
                + supportedVersion);
        this.typeName = typeName;
        this.version = version;
        this.supportedVersion = supportedVersion;
    }

    public String typeName() {
        return typeName;
    }

    public int version() {
        return version;
    }

    public int supportedVersion() {
        return supportedVersion;
    }
}
