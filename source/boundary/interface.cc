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

  template <int dim>
  void
  BoundaryCondition<dim>::coupled_flux(const Point<dim>          &p,
                                       const double               t,
                                       const std::vector<double> &values,
                                       const unsigned int         field,
                                       double                    &flux_value,
                                       std::vector<double>       &d_flux) const
  {
    const BoundaryFlux f = flux(p, t, values[field]);
    flux_value           = f.inward_flux;
    d_flux.assign(values.size(), 0.0);
    d_flux[field] = f.d_inward_flux_dc;
  }

  template class BoundaryCondition<1>;
  template class BoundaryCondition<2>;
  template class BoundaryCondition<3>;
} // namespace Fluxion
