// The paced client of bench/hotline_bench.py: sends POST requests at a fixed rate (request i is
// due at start + i / rate) over keep-alive connections and reports latency from each request's
// due time, so a stalled server is not hidden by a client that waits (no coordinated omission).
// wrk2 is not in Debian; Python's threads cannot keep 200 requests a second steady on a busy
// machine.
//
//   hotline_bench --port P --path /api/cases --cookie 'zb_session=…' --csrf T --body-file F
//                 [--rate 200] [--seconds 30] [--connections 16]
// The body file holds one JSON body a line; request i sends line i mod n. With `--source DIR` and
// no port (as `make bench` runs it), it runs DIR/bench/hotline_bench.py, which calls it back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  std::string path = "/api/cases", cookie, csrf, body_file;
  std::string source;  // with no --port: run bench/hotline_bench.py from this source tree
  double rate = 200, seconds = 30;
  int connections = 16;
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Reads one HTTP response (Content-Length framed); returns its status or -1.
int ReadResponse(int fd, std::string& buf) {
  buf.clear();
  char chunk[16384];
  size_t header_end = std::string::npos;
  size_t need = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = buf.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t cl = buf.find("Content-Length:");
        if (cl == std::string::npos) cl = buf.find("content-length:");
        size_t len = cl == std::string::npos ? 0 : std::strtoul(buf.c_str() + cl + 15, nullptr, 10);
        need = header_end + 4 + len;
      }
    }
    if (header_end != std::string::npos && buf.size() >= need) break;
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) return -1;
    buf.append(chunk, static_cast<size_t>(n));
  }
  return std::atoi(buf.c_str() + 9);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p / 100 * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--port")
      o.port = std::atoi(next().c_str());
    else if (a == "--path")
      o.path = next();
    else if (a == "--cookie")
      o.cookie = next();
    else if (a == "--csrf")
      o.csrf = next();
    else if (a == "--body-file")
      o.body_file = next();
    else if (a == "--rate")
      o.rate = std::atof(next().c_str());
    else if (a == "--seconds")
      o.seconds = std::atof(next().c_str());
    else if (a == "--connections")
      o.connections = std::atoi(next().c_str());
    else if (a == "--source")
      o.source = next();
  }
  if (o.port <= 0 && !o.source.empty()) {
    // Run by `make bench` (scripts/bench): the whole benchmark, which calls this client back.
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return 2;
    std::string exe(self, static_cast<size_t>(n));
    std::string build = exe.substr(0, exe.rfind("/bench/"));
    std::string cmd = "python3 '" + o.source + "/bench/hotline_bench.py' --zhengban '" + build +
                      "/src/app/zhengban' --client '" + exe + "'";
    return std::system(cmd.c_str()) == 0 ? 0 : 1;
  }
  std::vector<std::string> bodies;
  std::ifstream in(o.body_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) bodies.push_back(line);
  }
  if (o.port <= 0 || bodies.empty()) {
    std::fprintf(stderr, "usage: hotline_bench --port P --body-file F [--cookie C --csrf T]\n");
    return 2;
  }
  const long total = static_cast<long>(o.rate * o.seconds);
  std::atomic<long> next_request{0};
  std::mutex mu;
  std::vector<double> from_due, service;
  long errors = 0;
  auto start = Clock::now() + std::chrono::milliseconds(300);
  auto worker = [&] {
    int fd = Connect(o.port);
    std::string buf, request;
    std::vector<double> my_due, my_service;
    long my_errors = 0;
    while (fd >= 0) {
      long i = next_request++;
      if (i >= total) break;
      auto due = start + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(i / o.rate));
      std::this_thread::sleep_until(due);
      const std::string& body = bodies[static_cast<size_t>(i) % bodies.size()];
      request = "POST " + o.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " +
                "application/json\r\nCookie: " + o.cookie + "\r\nX-CSRF-Token: " + o.csrf +
                "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      auto sent = Clock::now();
      int status = -1;
      if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
        status = ReadResponse(fd, buf);
      }
      auto done = Clock::now();
      if (status < 200 || status >= 300) {
        ++my_errors;
        if (my_errors == 1) std::fprintf(stderr, "status %d: %.300s\n", status, buf.c_str());
        if (status < 0) {
          close(fd);
          fd = Connect(o.port);
        }
      }
      my_due.push_back(std::chrono::duration<double, std::milli>(done - due).count());
      my_service.push_back(std::chrono::duration<double, std::milli>(done - sent).count());
    }
    if (fd >= 0) close(fd);
    std::lock_guard lock(mu);
    from_due.insert(from_due.end(), my_due.begin(), my_due.end());
    service.insert(service.end(), my_service.begin(), my_service.end());
    errors += my_errors;
  };
  std::vector<std::thread> pool;
  for (int c = 0; c < o.connections; ++c) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  double took = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "create at %.0f/s for %.0f s: %zu requests (%.0f/s achieved), %ld errors; latency from "
      "the due time p50 %.1f ms, p99 %.1f ms (bar < 20 ms), max %.1f ms; service time p99 "
      "%.1f ms\n",
      o.rate, o.seconds, from_due.size(), from_due.size() / took, errors, Percentile(from_due, 50),
      Percentile(from_due, 99), Percentile(from_due, 100), Percentile(service, 99));
  return 0;
}
