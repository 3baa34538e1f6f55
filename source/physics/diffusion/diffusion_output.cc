#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>

#include <fluxion/physics/diffusion/diffusion.h>

// The graphical output of the diffusion physics.
namespace Fluxion
{
  namespace
  {
    // Output of c = K u, the flux -D grad c (+ c u with advection) and D,
    // from the solution u.
    template <int dim>
    class DiffusionOutput : public DataPostprocessor<dim>
    {
    public:
      using Evaluator = std::function<
        void(const typename DoFHandler<dim>::active_cell_iterator &,
             const Point<dim> &,
             const double,
             const Tensor<1, dim> &,
             double &,
             Tensor<1, dim> &,
             double &)>;

      explicit DiffusionOutput(const Evaluator &e)
        : evaluator(e)
      {}

      void
      evaluate_scalar_field(
        const DataPostprocessorInputs::Scalar<dim> &inputs,
        std::vector<Vector<double>> &computed_quantities) const override
      {
        const auto cell = inputs.template get_cell<dim>();
        for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
          {
            double         c, D;
            Tensor<1, dim> J;
            evaluator(cell,
                      inputs.evaluation_points[q],
                      inputs.solution_values[q],
                      inputs.solution_gradients[q],
                      c,
                      J,
                      D);
            computed_quantities[q](0) = c;
            for (unsigned int d = 0; d < dim; ++d)
              computed_quantities[q](1 + d) = J[d];
            computed_quantities[q](1 + dim) = D;
          }
      }

      std::vector<std::string>
      get_names() const override
      {
        std::vector<std::string> n = {"c"};
        for (unsigned int d = 0; d < dim; ++d)
          n.push_back("flux");
        n.push_back("D");
        return n;
      }

      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        std::vector<DataComponentInterpretation::DataComponentInterpretation> v(
          dim + 2, DataComponentInterpretation::component_is_part_of_vector);
        v.front() = DataComponentInterpretation::component_is_scalar;
        v.back()  = DataComponentInterpretation::component_is_scalar;
        return v;
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_values | update_gradients | update_quadrature_points;
      }

    private:
      Evaluator evaluator;
    };
  } // namespace

  template <int dim>
  void
  Diffusion<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    output_postprocessor = std::make_unique<DiffusionOutput<dim>>(
      [this](const typename DoFHandler<dim>::active_cell_iterator &cell,
             const Point<dim>                                     &x,
             const double                                          u,
             const Tensor<1, dim>                                 &grad_u,
             double                                               &c,
             Tensor<1, dim>                                       &J,
             double                                               &D) {
        const double K = concentration_scale(cell->material_id());
        c              = K * u;
        D              = laws.at(cell->material_id())
              ->evaluate(x, time, c, temperature_expression.value(x, time))
              .D;
        J = -D * K * grad_u;
        // The total flux: with advection, c u is added.
        if (advection.active())
          J += c * advection.velocity(x, time);
      });
    data_out.add_data_vector(dof_handler, solution, *output_postprocessor);

    const auto &tria = dof_handler.get_triangulation();
    output_region.reinit(tria.n_active_cells());
    output_level.reinit(tria.n_active_cells());
    output_subdomain.reinit(tria.n_active_cells());
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          output_region(cell->active_cell_index())    = cell->material_id();
          output_level(cell->active_cell_index())     = cell->level();
          output_subdomain(cell->active_cell_index()) = cell->subdomain_id();
        }
    data_out.add_data_vector(output_region,
                             "region",
                             DataOut<dim>::type_cell_data);
    data_out.add_data_vector(output_level,
                             "level",
                             DataOut<dim>::type_cell_data);
    data_out.add_data_vector(output_subdomain,
                             "subdomain",
                             DataOut<dim>::type_cell_data);
  }

#define FLUXION_INSTANTIATE(dim) \
  template void Diffusion<dim>::add_output_fields(DataOut<dim> &) const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
