// /api/text: the office's user dictionary for the segmenter (administrators add, remove and
// import words in jieba's format; stored in the database) and a segmentation preview. The
// segmenter every server part uses — suggestions, the classifier, insight — is OfficeSegmenter():
// jieba's dictionary plus the office's words, rebuilt as a new immutable segmenter and swapped in
// when the dictionary changes, so no request ever sees a segmenter being modified.
// (Full-text search does not segment: its tokens are character bigrams, text/search_tokenizer.h.)
#pragma once

#include <memory>
#include <string>

#include "api/api.h"
#include "text/segmenter.h"

namespace zb::api {

// jieba's dictionary with the office's words; nullptr when jieba's dictionary is not installed.
// Thread-safe; the segmenter stays valid while held.
std::shared_ptr<const text::Segmenter> OfficeSegmenter();
// The same, and in *dictionary_tag what names its office words ("0" for none; a hash of the
// words otherwise), taken together: stored analyses record it to know when they are out of date.
std::shared_ptr<const text::Segmenter> OfficeSegmenter(std::string* dictionary_tag);
// Rebuilds OfficeSegmenter() from the stored dictionary. Called at registration and after each
// change.
Status ReloadOfficeDictionary(store::Store& store);

void RegisterTextAdminRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
