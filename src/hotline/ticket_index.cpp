#include "hotline/ticket_index.h"

#include <algorithm>

namespace zb::hotline {

namespace {

bool IsOpen(const store::CaseRecord& c) {
  return c.state != "closed" && c.state != "merged" && !c.closed_at;
}

}  // namespace

std::string OpenTicketIndex::TicketText(const store::CaseRecord& c) {
  return c.title + "\n" + c.fields.value("content", "");
}

Status OpenTicketIndex::Sync(store::Store& store) {
  std::lock_guard lock(mu_);
  store::CaseQuery q;
  q.kind = "hotline";
  q.limit = 500;
  if (!loaded_) {
    // First use: every open ticket.
    q.open_only = true;
    Instant newest{};
    while (true) {
      ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
      for (const store::CaseRecord& c : page.cases) {
        index_.Add(static_cast<uint64_t>(c.id), text::MinHash(TicketText(c)));
        newest = std::max(newest, c.updated_at);
      }
      if (!page.next_cursor) break;
      q.cursor = page.next_cursor;
    }
    // Closed tickets may be newer than every open one.
    store::CaseQuery latest;
    latest.kind = "hotline";
    latest.sort = store::SortOrder::kUpdatedDesc;
    latest.limit = 1;
    ZB_ASSIGN_OR_RETURN(store::CasePage top, store.ListCases(latest));
    if (!top.cases.empty()) newest = std::max(newest, top.cases[0].updated_at);
    synced_until_ = newest;
    loaded_ = true;
    return Status::Ok();
  }
  // Later: the tickets changed since, newest first, down to the last instant already seen.
  q.sort = store::SortOrder::kUpdatedDesc;
  Instant newest = synced_until_;
  std::set<store::Id> boundary;
  bool done = false;
  while (!done) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    for (const store::CaseRecord& c : page.cases) {
      if (c.updated_at < synced_until_ ||
          (c.updated_at == synced_until_ && at_boundary_.count(c.id))) {
        if (c.updated_at < synced_until_) {
          done = true;
          break;
        }
        continue;
      }
      if (IsOpen(c)) {
        index_.Add(static_cast<uint64_t>(c.id), text::MinHash(TicketText(c)));
      } else {
        index_.Remove(static_cast<uint64_t>(c.id));
      }
      if (c.updated_at > newest) {
        newest = c.updated_at;
        boundary.clear();
      }
      if (c.updated_at == newest) boundary.insert(c.id);
    }
    if (!page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
  if (newest == synced_until_) {
    at_boundary_.insert(boundary.begin(), boundary.end());
  } else {
    synced_until_ = newest;
    at_boundary_ = std::move(boundary);
  }
  return Status::Ok();
}

std::vector<text::NearDuplicate> OpenTicketIndex::Find(std::string_view text,
                                                       double min_similarity) {
  auto sig = text::MinHash(text);
  std::lock_guard lock(mu_);
  return index_.Find(sig, min_similarity);
}

size_t OpenTicketIndex::size() {
  std::lock_guard lock(mu_);
  return index_.size();
}

}  // namespace zb::hotline
