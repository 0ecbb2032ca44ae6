// The server's log: lines gathered in memory and written to standard output in blocks, not one
// write(2) per request (the access log's line was a tenth of a bare request's cost).
#pragma once

namespace zb::app {

// Makes spdlog's default logger write through a buffer: flushed when 64 kB have gathered, at
// once for a warning or worse, every second, and by FlushLog.
void UseBufferedLog();
void FlushLog();

}  // namespace zb::app
