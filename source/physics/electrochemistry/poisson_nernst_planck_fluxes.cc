#include <deal.II/base/quadrature_lib.h>

#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>
#include <fluxion/postprocess/field_integrals.h>

#include <cmath>

// Boundary fluxes with their diffusive and migrative parts, currents and the
// net charge of the Poisson-Nernst-Planck physics.
namespace Fluxion
{
  template <int dim>
  BoundaryFluxData
  PoissonNernstPlanck<dim>::boundary_fluxes() const
  {
    BoundaryFluxData      data  = CoupledPhysics<dim>::boundary_fluxes();
    const unsigned int    S     = species.size();
    std::vector<FluxPart> parts = {FluxPart::diffusive, FluxPart::migrative};
    if (advection.active())
      parts.push_back(FluxPart::advective);
    for (const auto part : parts)
      {
        flux_part              = part;
        const auto p           = CoupledPhysics<dim>::boundary_fluxes();
        flux_part              = FluxPart::all;
        const std::string name = part == FluxPart::diffusive ? "diffusive" :
                                 part == FluxPart::migrative ? "migrative" :
                                                               "advective";
        for (unsigned int s = 0; s < S; ++s)
          for (const auto &b : context.boundary_ids)
            {
              const auto *bc = this->condition(s, b.second);
              if (bc != nullptr && bc->is_essential())
                data.parts[s][name][b.first] = p.total[s].at(b.first);
            }
      }
    // Fluxes are in mol/m^3 times length units^dim per s.
    const double to_si   = std::pow(context.length_unit_in_m, dim);
    auto        &current = data.derived["current [A" + per_length_unit() + "]"];
    for (const auto &b : context.boundary_ids)
      {
        double sum = 0;
        for (unsigned int s = 0; s < S; ++s)
          sum += species[s].charge * data.total[s].at(b.first);
        current[b.first] = Electrochemistry::faraday * sum * to_si;
      }
    return data;
  }

  template <int dim>
  double
  PoissonNernstPlanck<dim>::total_charge() const
  {
    // The fixed charge per cell; the species' amounts from the shared
    // integrals (which integrate exp of logarithmic fields).
    double charge = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        charge += region_value(fixed_charge,
                               cell->material_id(),
                               fixed_charge_fallback) *
                  cell->measure();
    if (fixed_charge_expression)
      {
        const QGauss<dim> quadrature(degree + 1);
        FEValues<dim>     fe_values(*context.mapping,
                                dof_handler.get_fe(),
                                quadrature,
                                update_quadrature_points | update_JxW_values);
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fe_values.reinit(cell);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                charge +=
                  extra_fixed_charge(fe_values.quadrature_point(q), time) *
                  fe_values.JxW(q);
            }
      }
    charge             = Utilities::MPI::sum(charge, context.mpi_communicator);
    const auto amounts = integrate_fields(*this);
    for (unsigned int s = 0; s < species.size(); ++s)
      charge += species[s].charge * amounts[s].amount;
    return Electrochemistry::faraday * std::pow(context.length_unit_in_m, dim) *
           charge;
  }

  template <int dim>
  std::string
  PoissonNernstPlanck<dim>::per_length_unit()
  {
    return dim == 3 ? "" : dim == 2 ? "/m" : "/m^2";
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
