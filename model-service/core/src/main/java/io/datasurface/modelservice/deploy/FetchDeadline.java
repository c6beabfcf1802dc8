package io.datasurface.modelservice.deploy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnection;

/**
 * The deadline of one whole fetch. JGit's own timeout bounds each network operation, not a server that answers
 * a byte at a time: every read of an HTTP response checks the deadline, and so does JGit's progress (cloning from
 * a folder, unpacking), so a fetch ends at most one operation timeout after its deadline.
 */
final class FetchDeadline {
    private final Instant deadline;
    private final Clock clock;

    FetchDeadline(Instant deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    boolean passed() {
        return clock.instant().isAfter(deadline);
    }

    /** Progress that JGit cancels once the deadline has passed. */
    ProgressMonitor progress() {
        return new EmptyProgressMonitor() {
            @Override
            public boolean isCancelled() {
                return passed();
            }
        };
    }

    /** HTTP connections whose responses end at the deadline. */
    HttpConnectionFactory connections() {
        return new HttpConnectionFactory() {
            @Override
            public HttpConnection create(URL url) throws IOException {
                return new Limited(url);
            }

            @Override
            public HttpConnection create(URL url, Proxy proxy) throws IOException {
                return new Limited(url, proxy);
            }
        };
    }

    private final class Limited extends JDKHttpConnection {
        Limited(URL url) throws IOException {
            super(url);
        }

        Limited(URL url, Proxy proxy) throws IOException {
            super(url, proxy);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    check();
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    check();
                    return super.read(b, off, len);
                }
            };
        }

        private void check() throws IOException {
            if (passed()) {
                throw new IOException("the fetch passed its deadline");
            }
        }
    }
}
