#include <fluxion/core/named_plugins.h>

namespace Fluxion
{
  SubsectionScope::SubsectionScope(ParameterHandler               &prm,
                                   const std::vector<std::string> &path)
    : prm(prm)
    , depth(0)
  {
    for (const auto &s : path)
      {
        prm.enter_subsection(s);
        ++depth;
      }
  }

  SubsectionScope::~SubsectionScope()
  {
    for (unsigned int i = 0; i < depth; ++i)
      prm.leave_subsection();
  }
} // namespace Fluxion
