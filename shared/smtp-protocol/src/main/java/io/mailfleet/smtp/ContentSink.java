package io.mailfleet.smtp;

/** Where decoded message content goes. */
interface ContentSink {

    void write(byte value);

    void write(byte[] bytes, int offset, int length);
}
