package dev.flotilla.tomcat.it.app;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test webapp's one servlet (jakarta, Tomcat 10.1 and 11): logs at every level through SLF4J/Logback and answers. */
public class JakartaHelloServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaHelloServlet.class);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = req.getParameter("q");
        LOG.debug("debug from jakarta request q={}", q);
        LOG.info("info from jakarta request q={}", q);
        LOG.warn("warn from jakarta request q={}", q);
        LOG.error("error from jakarta request q={}", q);
        resp.setContentType("text/plain");
        resp.getWriter().print("hello " + System.getProperty("custom.hostname"));
    }
}
