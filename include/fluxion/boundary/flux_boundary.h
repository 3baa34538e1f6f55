#ifndef fluxion_boundary_flux_boundary_h
#define fluxion_boundary_flux_boundary_h

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>

namespace Fluxion
{
  /**
   * A prescribed outward flux J.n = g(x, t), given as an expression (negative
   * values flow into the domain).
   */
  template <int dim>
  class FluxBoundary : public BoundaryCondition<dim>
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
    flux(const Point<dim> &p, const double t, const double c) const override;

    bool
    depends_on_time() const override
    {
      return value.uses("t");
    }

    std::string
    data_parameters() const override
    {
      return "Outward flux";
    }

  private:
    ParsedExpression<dim> value;
  };
} // namespace Fluxion

#endif
