#ifndef fluxion_boundary_no_flux_boundary_h
#define fluxion_boundary_no_flux_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>

namespace Fluxion
{
  /**
   * An impermeable boundary, J.n = 0.
   */
  template <int dim>
  class NoFluxBoundary : public BoundaryCondition<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    bool
    is_essential() const override
    {
      return false;
    }

    BoundaryFlux
    flux(const Point<dim> &, const double, const double) const override
    {
      return {0, 0};
    }

  private:
  };
} // namespace Fluxion

#endif
