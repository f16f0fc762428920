"""CONDSTORE and QRESYNC (RFC 7162) through Python's imaplib: a client notes UIDVALIDITY, HIGHESTMODSEQ and
its UIDs and leaves; a second client changes flags (conditionally too) and expunges; the first comes back
with SELECT ... (QRESYNC ...) and UID FETCH ... (CHANGEDSINCE ... VANISHED). Then a mailbox whose logs
expired since the client's MODSEQ. Prints one line per step: NAME, then what the server answered."""
import imaplib, re, ssl, sys

host, port, user, password, old_validity, old_modseq = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], \
    sys.argv[5], sys.argv[6]
context = ssl._create_unverified_context()


def show(name, result):
    print(name, repr(result), flush=True)


def connect():
    m = imaplib.IMAP4_SSL(host, port, ssl_context=context)
    m.login(user, password)
    return m


def raw(m, *args):
    """A command imaplib has no method for, or sends without its extensions; the untagged responses as they came."""
    m.untagged_responses.clear()
    typ, data = m._simple_command(*args)
    untagged = {k: v for k, v in m.untagged_responses.items()}
    m.untagged_responses.clear()
    return typ, data, untagged


def selected(m, *args):
    """SELECT with parameters imaplib does not send itself; imaplib is then told a mailbox is selected."""
    result = raw(m, 'SELECT', *args)
    m.state = 'SELECTED'
    return result


def fetched_uids(untagged):
    return sorted(int(re.search(rb'UID (\d+)', line).group(1)) for line in untagged.get('FETCH', []))


# The client that will come back: what it notes of INBOX.
a = connect()
show('CAPABILITY', a.capability())
show('ENABLE', a.enable('QRESYNC'))
typ, data, untagged = selected(a, 'INBOX')
validity = int(untagged['UIDVALIDITY'][0])
modseq = int(untagged['HIGHESTMODSEQ'][0])
show('SELECT', (typ, data, untagged))
show('KNOWN', a.uid('FETCH', '1:*', '(FLAGS)'))
a.logout()

# Another client changes flags and expunges, with CONDSTORE.
b = connect()
show('STATUS', b.status('INBOX', '(HIGHESTMODSEQ MESSAGES)'))
show('SELECT-CONDSTORE', selected(b, 'INBOX', '(CONDSTORE)'))
show('STORE-SILENT-CONDITIONAL', raw(b, 'UID', 'STORE', '1', '(UNCHANGEDSINCE %d)' % modseq, '+FLAGS.SILENT', '($Done)'))
show('STORE-CONDITIONAL', raw(b, 'STORE', '1,2', '(UNCHANGEDSINCE %d)' % modseq, '+FLAGS', '(\\Answered)'))
show('STORE-UNCHANGEDSINCE-0', raw(b, 'UID', 'STORE', '4', '(UNCHANGEDSINCE 0)', '+FLAGS', '(\\Seen)'))
show('STORE', raw(b, 'UID', 'STORE', '4', '+FLAGS', '(\\Seen)'))
b.store('3,5', '+FLAGS.SILENT', '(\\Deleted)')
show('EXPUNGE', raw(b, 'EXPUNGE'))
show('FETCH-CHANGEDSINCE', raw(b, 'FETCH', '1:*', '(FLAGS)', '(CHANGEDSINCE %d)' % modseq))
show('SEARCH-MODSEQ', b.uid('SEARCH', 'MODSEQ', str(modseq + 1)))
show('ESEARCH-MODSEQ', raw(b, 'UID', 'SEARCH', 'RETURN', '(COUNT)', 'MODSEQ', str(modseq + 1)))

# The first client comes back and is told exactly what changed.
a = connect()
a.enable('QRESYNC')
typ, data, untagged = selected(a, 'INBOX', '(QRESYNC (%d %d 1:6))' % (validity, modseq))
show('RESYNC', (typ, data, untagged))
show('RESYNC-FETCHED', fetched_uids(untagged))
typ, data, untagged = raw(a, 'UID', 'FETCH', '1:*', '(FLAGS)', '(CHANGEDSINCE %d VANISHED)' % modseq)
show('FETCH-VANISHED', (typ, data, untagged))
show('FETCH-VANISHED-FETCHED', fetched_uids(untagged))
show('RESYNC-OTHER-UIDVALIDITY', selected(a, 'INBOX', '(QRESYNC (%d %d))' % (validity + 1, modseq)))
# While it has INBOX selected, the other client expunges: QRESYNC reports VANISHED, never EXPUNGE.
b.uid('STORE', '6', '+FLAGS.SILENT', '(\\Deleted)')
show('EXPUNGE-OTHER', b.expunge())
show('NOOP-VANISHED', raw(a, 'NOOP'))
b.logout()

# A mailbox whose change and expunge logs no longer reach back to the client's MODSEQ.
typ, data, untagged = selected(a, 'Old', '(QRESYNC (%s %s))' % (old_validity, old_modseq))
show('TRIMMED', (typ, data, untagged))
show('TRIMMED-FETCHED', fetched_uids(untagged))
typ, data, untagged = selected(a, 'Old', '(QRESYNC (%s %s 1:3,5))' % (old_validity, old_modseq))
show('TRIMMED-KNOWN', (typ, data, untagged))
typ, data, untagged = raw(a, 'UID', 'FETCH', '1:*', '(FLAGS)', '(CHANGEDSINCE %s VANISHED)' % old_modseq)
show('TRIMMED-FETCH-VANISHED', (typ, data, untagged))
show('TRIMMED-FETCH-VANISHED-FETCHED', fetched_uids(untagged))

# ESEARCH (RFC 4731) and SEARCHRES (RFC 5182) in "Old", which holds UIDs 1, 3 (flagged) and 5.
show('ESEARCH-ALL', raw(a, 'UID', 'SEARCH', 'RETURN', '(ALL COUNT)', 'ALL'))
show('ESEARCH-DEFAULT', raw(a, 'SEARCH', 'RETURN', '()', 'UNFLAGGED'))
show('ESEARCH-NONE', raw(a, 'SEARCH', 'RETURN', '(MIN MAX)', 'DELETED'))
show('SEARCHRES-SAVE', raw(a, 'UID', 'SEARCH', 'RETURN', '(SAVE)', 'UNFLAGGED'))
show('SEARCHRES-FETCH', raw(a, 'UID', 'FETCH', '$', '(FLAGS)'))
show('SEARCHRES-MAX', raw(a, 'SEARCH', 'RETURN', '(MAX SAVE)', 'ALL'))
show('SEARCHRES-FETCH-MAX', raw(a, 'FETCH', '$', '(UID)'))
show('SEARCHRES-FAILED', raw(a, 'SEARCH', 'RETURN', '(SAVE)', 'CHARSET', 'X-UNKNOWN', 'ALL'))
show('SEARCHRES-FETCH-EMPTY', raw(a, 'UID', 'FETCH', '$', '(FLAGS)'))

# OBJECTID (RFC 8474): the message keeps its EMAILID when it moves to INBOX.
typ, data, untagged = raw(a, 'UID', 'FETCH', '1', '(EMAILID THREADID)')
show('OBJECTID-FETCH', (typ, data, untagged))
email_id = re.search(rb'EMAILID \(([^)]+)\)', untagged['FETCH'][0]).group(1).decode()
show('OBJECTID-SEARCH', a.uid('SEARCH', 'EMAILID', email_id))
show('OBJECTID-MOVE', raw(a, 'UID', 'MOVE', '1', 'INBOX'))
show('OBJECTID-SELECT', (a.select('INBOX'), a.untagged_responses.get('MAILBOXID')))
show('OBJECTID-MOVED', a.uid('SEARCH', 'EMAILID', email_id))
show('STATUS-OBJECTID-SIZE', a.status('INBOX', '(MAILBOXID SIZE MESSAGES)'))
a.logout()
print('DONE', flush=True)
