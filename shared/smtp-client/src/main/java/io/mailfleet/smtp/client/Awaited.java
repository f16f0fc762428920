package io.mailfleet.smtp.client;

/** The command a reply still to come answers; pipelined commands queue several. */
enum Awaited {
    GREETING(Stage.GREETING),
    EHLO(Stage.HELLO),
    HELO(Stage.HELLO),
    STARTTLS(Stage.STARTTLS),
    AUTH(Stage.AUTH),
    /** AUTH LOGIN's first 334, which asks for the user name. */
    AUTH_USERNAME(Stage.AUTH),
    /** AUTH LOGIN's second 334, which asks for the password. */
    AUTH_PASSWORD(Stage.AUTH),
    MAIL(Stage.MAIL),
    RCPT(Stage.RCPT),
    DATA(Stage.DATA_INITIATION),
    /** The final dot of DATA, or BDAT LAST with its chunk. */
    END_OF_DATA(Stage.DATA_TERMINATION),
    RSET(Stage.RSET);

    final Stage stage;

    Awaited(Stage stage) {
        this.stage = stage;
    }
}
