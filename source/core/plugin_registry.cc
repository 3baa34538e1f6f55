#include <fluxion/core/plugin_registry.h>

namespace Fluxion
{
  void
  PluginBase::parse_parameters(ParameterHandler &)
  {}
} // namespace Fluxion
