#include <fluxion/boundary/interface.h>

namespace Fluxion
{
  template <int dim>
  double
  BoundaryCondition<dim>::concentration(const Point<dim> &, const double) const
  {
    Assert(false, ExcInternalError());
    return 0;
  }

  template <int dim>
  BoundaryFlux
  BoundaryCondition<dim>::flux(const Point<dim> &,
                               const double,
                               const double) const
  {
    Assert(false, ExcInternalError());
    return {0, 0};
  }

  template class BoundaryCondition<1>;
  template class BoundaryCondition<2>;
  template class BoundaryCondition<3>;
} // namespace Fluxion
