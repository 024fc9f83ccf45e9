#pragma once
// A user's named, ordered collection of patches. Mirrors tables `bundle`
// and `bundle_patch`.

#include <string>

namespace patchloom::model {

struct Bundle {
  long long id = 0;
  long long owner_id = 0;
  long long project_id = 0;
  std::string name;
  bool is_public = false;  // column `public`
};

struct BundlePatch {
  long long id = 0;
  long long bundle_id = 0;
  long long patch_id = 0;
  int order = 0;  // column "order"
};

}  // namespace patchloom::model
