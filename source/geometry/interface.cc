#include <fluxion/geometry/interface.h>

namespace Fluxion
{
  template <int dim>
  std::map<std::string, types::material_id>
  Geometry<dim>::region_names() const
  {
    return {{"domain", 0}};
  }

  template class Geometry<1>;
  template class Geometry<2>;
  template class Geometry<3>;
} // namespace Fluxion
