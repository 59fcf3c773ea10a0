package dev.flotilla.tomcat.it.app;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test webapp's one servlet (javax, Tomcat 9): logs at every level through SLF4J/Logback and answers. */
public class JavaxHelloServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(JavaxHelloServlet.class);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = req.getParameter("q");
        LOG.debug("debug from javax request q={}", q);
        LOG.info("info from javax request q={}", q);
        LOG.warn("warn from javax request q={}", q);
        LOG.error("error from javax request q={}", q);
        resp.setContentType("text/plain");
        resp.getWriter().print("hello " + System.getProperty("custom.hostname"));
    }
}
